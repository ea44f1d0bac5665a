/* Whether a backup of an environment runs any pre/post hook when it is not "live" — the "Backup now"
 * dialog's hint. Mirrors the backup runner (lib/jobs/runners/backup.ts): a source's own hooks, else the
 * environment-wide hooks of the backup settings. Pure, so it can be tested without a page. */

type Hooks = { pre?: unknown; post?: unknown } | null | undefined;

export function backupRunsHooks(settingsHooks: Hooks, sources: { hooks?: Hooks }[]): boolean {
  const has = (h: Hooks) => Boolean(h?.pre || h?.post);
  return has(settingsHooks) || sources.some((s) => has(s.hooks));
}
