/* A backup run's progress across its (source, destination) pairs, so sources that run at once add up and
 * the bytes are those of the whole backup, not of the file restic happens to be scanning. restic's
 * status events give bytes_done/total_bytes per pair, but total_bytes only counts what its scanner has
 * found so far (a small folder finishes before the scan's first report is replaced), so each pair's
 * total is: its real size once saved; while running, the larger of restic's count and the size of the
 * pair's previous snapshot (an estimate); else restic's count ("counting"). A finished run reports its
 * real size. Pure: the caller hands the numbers in and sends what `report` returns. */
import type { BackupProgress } from "@/lib/db/schema/backups";
import type { Progress } from "@/lib/engine/types";

type Pair = { percent: number; bytesDone: number; bytesTotal: number; filesDone: number; eta?: number };

export class RunProgressTotals {
  private doneUnits = 0;
  private doneBytes = 0;
  private doneFiles = 0;
  private readonly active = new Map<string, Pair>();

  /** `units`: the run's pairs; `expected`: the previous snapshot's size per pair key (may be empty). */
  constructor(
    private readonly units: number,
    private readonly expected: ReadonlyMap<string, number> = new Map(),
  ) {}

  /** Pairs that need no work (saved by an earlier attempt, or their destination is unavailable). */
  skip(n: number): void {
    this.doneUnits += n;
  }

  /** One restic status of pair `key`; returns the run's progress. */
  report(key: string, p: Progress, phase: string): BackupProgress {
    this.active.set(key, {
      percent: Math.min(1, Math.max(0, p.percent)),
      bytesDone: p.bytesDone,
      bytesTotal: p.bytesTotal,
      filesDone: p.filesDone,
      eta: p.etaSeconds,
    });
    return this.current(phase, p.etaSeconds ?? null);
  }

  /** Pair `key` ended; `saved` is its snapshot's size and file count when it was saved (else it adds
   * nothing: a failed pair has no bytes in the backup). */
  finish(key: string, saved: { bytes: number; files: number } | null = null): void {
    this.active.delete(key);
    this.doneUnits++;
    if (saved) {
      this.doneBytes += saved.bytes;
      this.doneFiles += saved.files;
    }
  }

  /** The progress now: percent over all pairs, bytes of the whole run. */
  current(phase: string, etaSeconds: number | null = null): BackupProgress {
    let inFlight = 0;
    let bytesDone = this.doneBytes;
    let bytesTotal = this.doneBytes;
    let filesDone = this.doneFiles;
    let kind: NonNullable<BackupProgress["bytesTotalKind"]> = "exact";
    for (const [key, a] of this.active) {
      inFlight += a.percent;
      bytesDone += a.bytesDone;
      filesDone += a.filesDone;
      const expected = this.expected.get(key);
      // restic gives an ETA only once its scanner is done: then its total is the pair's real size.
      if (a.eta !== undefined) bytesTotal += a.bytesTotal;
      else if (expected !== undefined && expected > a.bytesTotal) {
        bytesTotal += expected;
        if (kind === "exact") kind = "estimate";
      } else {
        bytesTotal += a.bytesTotal;
        kind = "counting";
      }
    }
    const pending = this.units - this.doneUnits - this.active.size;
    if (pending > 0) kind = "counting";
    const percent = ((this.doneUnits + inFlight) / Math.max(1, this.units)) * 100;
    return {
      percent: Math.round(Math.min(100, percent) * 10) / 10,
      bytesDone,
      bytesTotal: Math.max(bytesTotal, bytesDone),
      bytesTotalKind: kind,
      filesDone,
      etaSeconds,
      phase,
    };
  }

  /** What a succeeded run shows at the end: 100 %, its real size (`totalBytes`, the saved snapshots). */
  static done(totalBytes: number, filesDone = 0): BackupProgress {
    return {
      percent: 100,
      bytesDone: totalBytes,
      bytesTotal: totalBytes,
      bytesTotalKind: "exact",
      filesDone,
      etaSeconds: 0,
      phase: "done",
    };
  }
}
