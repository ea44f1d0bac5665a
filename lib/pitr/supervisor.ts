/* The PITR supervisor of one process: every pass it lists the sources with PITR on that this worker
 * may run (no worker label, or one of LIFEBOAT_WORKER_LABELS), claims or renews each source's lease
 * (pitr_streams; exactly one holder cluster-wide) and runs a SourceStream for every lease it holds. A
 * lease it lost (expired while this process stalled) stops its stream at once; a source that is gone or
 * turned off has its stream stopped and its slot dropped. Also raises the slot-safety alerts (leased,
 * one process at a time). */
import "server-only";
import crypto from "node:crypto";
import { labelMatches } from "@/lib/jobs/labels";
import { acquireLease } from "@/lib/jobs/leased-loop";
import { logger } from "@/lib/logger";
import { syncPitrAlerts } from "./pitr-alerts";
import { listPitrSources, type PitrSource } from "./pitr-sources";
import { SourceStream, type StreamTuning } from "./source-stream";
import { claimStream, deleteStream, releaseStream } from "./stream-rows";

export type PitrSupervisorOptions = {
  dataDir: string;
  labels: string[];
  intervalSeconds?: number;
  leaseSeconds?: number;
  holder?: string;
  tuning?: StreamTuning;
  alerts?: boolean;
};

export class PitrSupervisor {
  readonly holder: string;
  readonly streams = new Map<string, SourceStream>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: PitrSupervisorOptions) {
    this.holder = o.holder ?? `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  }

  start(): this {
    const every = (this.o.intervalSeconds ?? 5) * 1000;
    const loop = () => {
      if (this.stopped) return;
      void this.tick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, every);
      });
    };
    loop();
    return this;
  }

  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private mayRun(s: PitrSource): boolean {
    return labelMatches(this.o.labels, s.workerLabel);
  }

  private async pass(): Promise<void> {
    const now = new Date();
    const leaseSeconds = this.o.leaseSeconds ?? 30;
    try {
      const wanted = (await listPitrSources()).filter((s) => this.mayRun(s));
      const ids = new Set(wanted.map((s) => s.id));
      for (const [id, st] of this.streams) {
        if (ids.has(id)) continue;
        // Turned off or deleted: the holder stops the stream and drops the slot.
        this.streams.delete(id);
        await st
          .stop({ dropSlot: true, shipFirst: false })
          .catch((e) => logger().warn({ err: e }, "PITR slot drop failed"));
        await deleteStream(id);
      }
      for (const s of wanted) {
        const held = await claimStream(s.id, this.holder, now, leaseSeconds);
        let st = this.streams.get(s.id);
        if (!held) {
          if (st) {
            this.streams.delete(s.id);
            st.abandon(); // another worker holds it now: never two streams at once
          }
          continue;
        }
        if (!st) {
          st = new SourceStream(s, this.holder, this.o.dataDir, this.o.tuning);
          this.streams.set(s.id, st);
        }
        await st.pass(now).catch((e) => logger().warn({ err: e, sourceId: s.id }, "PITR pass failed"));
      }
      if (this.o.alerts !== false && (await acquireLease("pitr.alerts.lease", this.holder, now, leaseSeconds)))
        await syncPitrAlerts(now);
    } catch (e) {
      logger().error({ err: e }, "PITR supervisor pass failed");
    }
  }

  /** Graceful stop: ship what is spooled, release the leases (another worker takes over at once). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    for (const [id, st] of this.streams) {
      await st.stop({ dropSlot: false, shipFirst: true });
      await releaseStream(id, this.holder);
    }
    this.streams.clear();
  }

  /** A crashed worker, in tests: its receivers die, its leases are left to expire. */
  crash(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const st of this.streams.values()) st.abandon();
    this.streams.clear();
  }
}
