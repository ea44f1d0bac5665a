/* What one backup run needs from whoever runs it (the backup job, or a restore taking a safety backup):
 * its attempt, the AbortSignal, log lines and progress. A JobContext is one; nothing else is asked of it.
 * Also the run's progress across sources × destinations, so sources that run at once add up. */
import type { BackupProgress } from "@/lib/db/schema/backups";
import type { JobLogLine } from "@/lib/db/schema/jobs";
import type { Progress } from "@/lib/engine";

export type BackupRun = {
  attempt: number;
  signal: AbortSignal;
  log(level: JobLogLine["level"], message: string): Promise<void>;
  progress(p: BackupProgress): void;
  /** Writes pending progress now (before the outcome is recorded). */
  flush(): Promise<void>;
};

export const DONE_PROGRESS: BackupProgress = {
  percent: 100,
  bytesDone: 0,
  bytesTotal: 0,
  filesDone: 0,
  etaSeconds: 0,
  phase: "done",
};

/** Progress over `units` (source, destination) pairs; a pair in flight counts by its own percent. */
export class RunProgress {
  private done = 0;
  private readonly active = new Map<string, number>();

  constructor(
    private readonly run: BackupRun,
    private readonly units: number,
  ) {}

  /** Pairs that need no work (saved by an earlier attempt, or their destination is unavailable). */
  skip(n: number): void {
    this.done += n;
  }

  report(key: string, p: Progress, phase: string): void {
    this.active.set(key, Math.min(1, Math.max(0, p.percent)));
    let inFlight = 0;
    for (const v of this.active.values()) inFlight += v;
    const percent = ((this.done + inFlight) / Math.max(1, this.units)) * 100;
    this.run.progress({
      percent: Math.round(percent * 10) / 10,
      bytesDone: p.bytesDone,
      bytesTotal: p.bytesTotal,
      filesDone: p.filesDone,
      etaSeconds: p.etaSeconds ?? null,
      phase,
    });
  }

  finish(key: string): void {
    this.active.delete(key);
    this.done++;
  }
}
