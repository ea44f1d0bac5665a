/* Command source: whatever `backupCommand` prints on stdout is stored (streamed into restic, as with
 * the database dumps); a restore feeds the stored bytes to `restoreCommand` on stdin. Decision: both
 * run through `/bin/sh -c`, because the admin wrote them as command lines (pipes, redirections,
 * `docker exec … | gzip` are the point of this source) and only an admin can set them. Nothing is ever
 * interpolated into the command text: the source's secrets are handed to the command as environment
 * variables of the same name (`{"REDIS_PASSWORD": "…"}` → `$REDIS_PASSWORD`). The command runs in its
 * own process group, killed as a whole on cancel. A non-zero exit means no backup (stream-backup). */
import type { BackupResult, OnProgress, Repo } from "../types";
import { spawnTool, type ToolProcess } from "./child";
import { dumpFileName } from "./database-connection";
import { SourceConfigInvalid } from "./errors";
import { backupToolOutput, restoreIntoTool, type StoredFile } from "./stream-backup";
import { parseSource, ZCommandSource, type BackupSourceOptions, type SourceSpec } from "./types";

export function spawnShellCommand(
  command: string,
  label: string,
  env: Record<string, string>,
  mode: "produce" | "consume",
): ToolProcess {
  return spawnTool("/bin/sh", ["-c", command], {
    label,
    env,
    stdin: mode === "consume" ? "pipe" : "ignore",
    stdout: mode === "produce" ? "pipe" : "capture",
  });
}

export async function backupCommandSource(
  repo: Repo,
  source: SourceSpec,
  opts: BackupSourceOptions,
): Promise<BackupResult> {
  const { config, secrets } = parseSource(ZCommandSource, source);
  const proc = spawnShellCommand(
    config.backupCommand,
    "the backup command",
    { ...secrets, LIFEBOAT_SOURCE_NAME: source.name },
    "produce",
  );
  return backupToolOutput(repo, proc, {
    sourceName: source.name,
    filename: dumpFileName(source.name, "out"),
    tags: opts.tags,
    host: opts.host,
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
}

export async function restoreCommandSource(
  repo: Repo,
  target: SourceSpec,
  snapshot: StoredFile,
  opts: { signal?: AbortSignal; onProgress?: OnProgress } = {},
): Promise<string> {
  const { config, secrets } = parseSource(ZCommandSource, target);
  if (!config.restoreCommand) {
    throw new SourceConfigInvalid(
      target.name,
      "it has no restore command, so its backups cannot be restored automatically.",
    );
  }
  const proc = spawnShellCommand(
    config.restoreCommand,
    "the restore command",
    { ...secrets, LIFEBOAT_SOURCE_NAME: target.name },
    "consume",
  );
  await restoreIntoTool(repo, proc, { sourceName: target.name, ...snapshot, ...opts });
  return config.restoreCommand;
}
