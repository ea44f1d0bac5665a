/* Typed failures of sources (the restic wrapper's own errors live in lib/engine/errors.ts). Each carries
 * a message a user can act on and, for tool failures, the tail of the tool's stderr — the reason is
 * almost always in its last lines. Owns these classes only. */
import { describeExit, type ToolExit } from "./child";

export class SourceConfigInvalid extends Error {
  readonly code = "source_config_invalid";
  constructor(sourceName: string, problem: string) {
    super(`The source "${sourceName}" is not set up correctly: ${problem} Fix it in the source settings.`);
    this.name = "SourceConfigInvalid";
  }
}

/** The dump tool (pg_dump, mariadb-dump, sqlite3, the backup command) failed: no snapshot was kept. */
export class DumpFailed extends Error {
  readonly code = "dump_failed";
  constructor(
    readonly sourceName: string,
    readonly tool: string,
    readonly exit: ToolExit,
    readonly stderr: string,
  ) {
    super(
      `Backing up "${sourceName}" failed: ${tool} ${describeExit(exit)}` +
        (stderr ? `: ${stderr.slice(-800)}` : ".") +
        " No backup was kept for this source.",
    );
    this.name = "DumpFailed";
  }
}

/** The dump tool exited cleanly but its output is not a whole dump (no completion line, a table of
 * contents that lacks a table): restic was stopped before it committed, so no snapshot was kept. */
export class DumpIncomplete extends Error {
  readonly code = "dump_incomplete";
  constructor(
    readonly sourceName: string,
    readonly problem: string,
  ) {
    super(
      `Backing up "${sourceName}" failed: the dump is incomplete (${problem}). No backup was kept for this source.`,
    );
    this.name = "DumpIncomplete";
  }
}

/** The restore side (pg_restore, mariadb, the restore command, file placement) failed. */
export class RestoreFailed extends Error {
  readonly code = "restore_failed";
  constructor(
    readonly sourceName: string,
    readonly tool: string,
    readonly detail: string,
    readonly stderr = "",
  ) {
    super(`Restoring "${sourceName}" failed: ${tool} ${detail}` + (stderr ? `: ${stderr.slice(-800)}` : "."));
    this.name = "RestoreFailed";
  }
}
