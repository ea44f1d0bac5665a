/* `lifeboat restore <backupId>`: start a restore (POST /api/v1/backups/{id}/restore) of everything, the
 * databases, the files or some paths, into the backup's own environment or another (--target), and with
 * --wait follow it to its end (exit 1 unless it succeeded). Asks before overwriting when a person is at
 * the terminal (--yes skips it); a production target always gets a safety backup first (the server). */
import { list, parseSeconds, str } from "../args";
import { EXIT, usageError } from "../errors";
import { formatTime } from "../output";
import { confirm } from "../prompt";
import { findEnvironment } from "../resolve";
import { type TRestore, ZAccepted, ZBackup, ZEnvironment, ZRestore } from "../schemas";
import { waitFor } from "../wait";
import type { Command } from "../context";

const SCOPES = ["full", "databases", "files", "paths"] as const;

function restoreLines(r: TRestore): string[] {
  const lines = [
    `Restore ${r.id}: ${r.status}`,
    `  backup ${r.backupId ?? "–"} · safety backup ${r.safetyBackupId ?? "none"}`,
  ];
  const finished = (r as { finishedAt?: string | null }).finishedAt;
  if (finished) lines.push(`  finished ${formatTime(finished)}`);
  if (r.error) lines.push(`  error: ${r.error.message}`);
  return lines;
}

export const restoreCommands: Command[] = [
  {
    path: ["restore"],
    summary: "Restore a backup (into its environment or --target)",
    args: ["backupId"],
    options: {
      scope: { type: "string", value: SCOPES.join("|"), description: "What to restore (default full)." },
      path: {
        type: "string",
        multiple: true,
        value: "source:path",
        description: "With --scope paths: a file or folder, as <source name or id>:<path> (repeatable).",
      },
      target: { type: "string", value: "project/env", description: "Restore into this environment instead." },
      "no-safety-backup": { type: "boolean", description: "Skip the safety backup (not possible for production)." },
      wait: { type: "boolean", description: "Wait for the end; exit 1 unless the restore succeeded." },
      timeout: { type: "string", value: "seconds", description: "With --wait: give up after this long (exit 1)." },
      yes: { type: "boolean", short: "y", description: "Do not ask for confirmation at the terminal." },
    },
    async run({ api, args, values, out }) {
      const scope = str(values, "scope") ?? "full";
      if (!(SCOPES as readonly string[]).includes(scope))
        throw usageError(`--scope takes ${SCOPES.join(", ")} (got "${scope}").`);
      const pathArgs = list(values, "path");
      if (scope === "paths" && !pathArgs.length)
        throw usageError("--scope paths needs at least one --path <source>:<path>.");
      if (scope !== "paths" && pathArgs.length) throw usageError("--path goes with --scope paths.");
      const timeoutSeconds = parseSeconds(str(values, "timeout"), "--timeout");

      const backup = await api().get(`/backups/${encodeURIComponent(args[0]!)}`, ZBackup);
      const paths = pathArgs.map((p) => {
        const at = p.indexOf(":");
        if (at < 1 || at === p.length - 1)
          throw usageError(`--path takes <source>:<path>, e.g. uploads:/docs (got "${p}").`);
        const [name, file] = [p.slice(0, at), p.slice(at + 1)];
        const src = backup.sources.find((s) => s.sourceId === name || s.name === name);
        if (!src)
          throw usageError(
            `The backup has no source "${name}" (sources: ${[...new Set(backup.sources.map((s) => s.name))].join(", ")}).`,
          );
        return { sourceId: src.sourceId, path: file };
      });
      const target = str(values, "target") ? await findEnvironment(api(), str(values, "target")!, "--target") : null;
      const into = target
        ? target.ref
        : await api()
            .get(`/environments/${backup.environmentId}`, ZEnvironment)
            .then((e) => `its environment (${e.slug})`)
            .catch(() => "its environment");

      if (out.interactive && process.stdin.isTTY && !values.yes) {
        const ok = await confirm(
          `Restore ${scope === "full" ? "everything" : scope} from backup ${backup.id} (${formatTime(backup.createdAt)}) into ${into}, overwriting what is there?`,
        );
        if (!ok) {
          out.info("Nothing restored.");
          return EXIT.failed;
        }
      }
      const started = await api().send(
        "POST",
        `/backups/${backup.id}/restore`,
        {
          scope,
          ...(paths.length ? { paths } : {}),
          ...(target ? { targetEnvironmentId: target.id } : {}),
          ...(values["no-safety-backup"] ? { safetyBackup: false } : {}),
        },
        ZAccepted,
      );
      if (!values.wait) {
        out.result(started, () => `Restore ${started.id} queued (into ${into}).`);
        return EXIT.ok;
      }
      out.info(`Restore ${started.id} into ${into} started.`);
      const done = await waitFor(api(), out, {
        label: "Restore",
        path: `/restores/${started.id}`,
        shape: ZRestore,
        timeoutSeconds,
      });
      out.result(done, () => restoreLines(done));
      return done.status === "succeeded" ? EXIT.ok : EXIT.failed;
    },
  },
];
