/* What one backup run needs from whoever runs it (the backup job, or a restore taking a safety backup):
 * its attempt, the AbortSignal, log lines and progress. A JobContext is one; nothing else is asked of it.
 * Also the run's progress across sources × destinations, sent as it changes (the sums: run-progress.ts). */
import type { BackupProgress } from "@/lib/db/schema/backups";
import type { JobLogLine } from "@/lib/db/schema/jobs";
import type { Progress } from "@/lib/engine";
import { RunProgressTotals } from "./run-progress";

export type BackupRun = {
  attempt: number;
  signal: AbortSignal;
  log(level: JobLogLine["level"], message: string): Promise<void>;
  progress(p: BackupProgress): void;
  /** Writes pending progress now (before the outcome is recorded). */
  flush(): Promise<void>;
};

/** The run's progress as the backup row and the job show it (lib/backups/run-backup/run-progress.ts
 * does the sums; this sends them). `expected`: the previous snapshot's size per `source/destination`. */
export class RunProgress {
  private readonly totals: RunProgressTotals;

  constructor(
    private readonly run: BackupRun,
    units: number,
    expected: ReadonlyMap<string, number> = new Map(),
  ) {
    this.totals = new RunProgressTotals(units, expected);
  }

  skip(n: number): void {
    this.totals.skip(n);
  }

  report(key: string, p: Progress, phase: string): void {
    this.run.progress(this.totals.report(key, p, phase));
  }

  finish(key: string, saved: { bytes: number; files: number } | null = null): void {
    this.totals.finish(key, saved);
  }
}
