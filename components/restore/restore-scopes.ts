/* The Restore dialog's "What" choices and which of the backup's sources each one restores — by role,
 * with the same rule the restore itself uses (lib/restores/scope.ts), so the dialog's promise is the
 * restore's plan: "Configuration only" restores the config-role sources, and code-role sources join
 * "Everything" / "Files only" only when "Include code" is ticked (off by default). Pure. */
import type { BackupDto, RestoreScope } from "@/components/backups/types";
import { inScope } from "@/lib/restores/scope";

type BackupSource = BackupDto["sources"][number];
export type ScopeChoice = { value: RestoreScope; label: string; note: string; disabled?: boolean };

const namesOf = (list: BackupSource[]) => [...new Set(list.map((s) => s.name))].join(", ");

/** The backup's sources a scope restores (paths: the sources of the ticked files). */
export function affectedSources(
  sources: BackupSource[],
  scope: RestoreScope,
  picked: { sourceId: string }[],
  includeCode: boolean,
): BackupSource[] {
  if (scope === "paths") return sources.filter((s) => picked.some((p) => p.sourceId === s.sourceId));
  return sources.filter((s) => (scope === "full" || s.snapshotId) && inScope(scope, s.role, includeCode));
}

export function scopeChoices(sources: BackupSource[], picked: unknown[], includeCode: boolean): ScopeChoice[] {
  const only = (scope: RestoreScope) => affectedSources(sources, scope, [], includeCode);
  const full = only("full");
  const count = new Set(full.map((s) => s.sourceId)).size;
  const codeLeftOut = !includeCode && codeSources(sources).length > 0;
  const byRole = (value: RestoreScope, label: string): ScopeChoice => {
    const list = only(value);
    return { value, label, note: namesOf(list) || "none in this backup", disabled: !list.length };
  };
  return [
    {
      value: "full",
      label: "Everything",
      note: `${count} source${count === 1 ? "" : "s"}${codeLeftOut ? " (code left out)" : ""}`,
      disabled: !count,
    },
    byRole("databases", "Databases only"),
    byRole("files", "Files only"),
    byRole("config", "Configuration only"),
    {
      value: "paths",
      label: `Selected files (${picked.length})`,
      note: picked.length ? "ticked in the file browser" : "tick files in the browser below first",
      disabled: !picked.length,
    },
  ];
}

/** The code-role sources of the backup (the "Include code" checkbox shows only when there are some). */
export function codeSources(sources: BackupSource[]): BackupSource[] {
  return sources.filter((s) => s.role === "code" && s.snapshotId);
}

/** The backup's sources a restore of this scope leaves as they are (named in the confirmation). */
export function untouchedSources(sources: BackupSource[], affected: BackupSource[]): string[] {
  const restored = new Set(affected.map((s) => s.sourceId));
  return [...new Set(sources.filter((s) => !restored.has(s.sourceId)).map((s) => s.name))];
}
