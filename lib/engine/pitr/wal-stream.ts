/* One source's WAL stream on this host: creates the slot, keeps pg_receivewal running (restarted after a
 * back-off when it exits, unless stopped), and ships the spool in batches — when `maxSegments` complete
 * files wait, or early enough that WAL written at t is in the repository by t + `batchIntervalMs`
 * (./batch-schedule.ts: the interval is a deadline; the batch starts the recent restic run time + a margin
 * before it, with the current `.partial`). Whoever runs it must hold
 * the source's lease (lib/pitr/stream-supervisor.ts); this module knows no database. Invariant: a
 * complete segment leaves the spool only once every target holds it (spool.ts). */
import type { ToolConnection } from "../sources/database-connection";
import { listSpool, shipBatch, sweepShipFolders, type ShipOptions, type ShipReport, type ShipTarget } from "./spool";
import { createSlot, startWalReceiver, type WalReceiver } from "./wal-receiver";
import { batchDue, RECENT_SHIPS } from "./batch-schedule";

export type WalStreamState = "starting" | "streaming" | "down";

export type WalStreamOptions = {
  conn: ToolConnection;
  slot: string;
  sourceId: string;
  dataDir: string;
  spoolDir: string;
  host: string;
  targets: () => Promise<ShipTarget[]>;
  /** the RPO deadline: WAL written at t is shipped by t + this (default 60 s) */
  batchIntervalMs?: number;
  /** kept free before the deadline beyond the slowest recent restic run (default 5 s) */
  batchMarginMs?: number;
  maxSegments?: number;
  pollMs?: number;
  restartDelayMs?: number;
  onState?: (state: WalStreamState, message?: string) => void;
  onShipped?: (report: ShipReport) => void;
  lock?: ShipOptions["lock"];
};

export class WalStream {
  private receiver: WalReceiver | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private lastPartial = "";
  /** last moment the spool was seen as shipped (nothing new), and the oldest unshipped write's bound */
  private cleanAt = Date.now();
  private dirtySince: number | null = null;
  private recentShipMs: number[] = [];
  private retryAfter = 0;
  private shipping: Promise<void> | null = null;
  state: WalStreamState = "starting";
  lastError: string | undefined;

  constructor(private readonly o: WalStreamOptions) {}

  private set(state: WalStreamState, message?: string) {
    this.state = state;
    this.lastError = message;
    this.o.onState?.(state, message);
  }

  async start(): Promise<void> {
    sweepShipFolders(this.o.dataDir, this.o.sourceId);
    this.set("starting");
    void this.runReceiver();
    const tick = () => {
      if (this.stopped) return;
      void this.maybeShip().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs ?? 1000);
      });
    };
    this.timer = setTimeout(tick, this.o.pollMs ?? 1000);
  }

  private async runReceiver(): Promise<void> {
    while (!this.stopped) {
      try {
        await createSlot(this.o.conn, this.o.slot);
        if (this.stopped) return;
        this.receiver = startWalReceiver(this.o.conn, this.o.slot, this.o.spoolDir);
        const up = setTimeout(() => this.set("streaming"), 1500);
        const exit = await this.receiver.exited;
        clearTimeout(up);
        if (this.stopped) return;
        const out = this.receiver.process.output
          .text()
          .split("\n")
          .filter((l) => /error|fatal/i.test(l));
        this.set(
          "down",
          `pg_receivewal stopped (${exit.signal ?? `exit ${exit.code}`}): ${out.at(-1) ?? "no message"}`,
        );
      } catch (e) {
        const err = e as Error & { output?: string };
        this.set("down", `${err.message}${err.output ? `: ${err.output.split("\n").at(-1)}` : ""}`);
      }
      await new Promise((r) => setTimeout(r, this.o.restartDelayMs ?? 5000));
    }
  }

  /** Ships when a batch is due. Public so tests and a graceful stop can force one (`force`). */
  async maybeShip(force = false): Promise<void> {
    if (this.shipping) return this.shipping;
    const listing = listSpool(this.o.spoolDir);
    const partialKey = listing.partial
      ? `${listing.partial.name}:${listing.partial.size}:${listing.partial.mtimeMs}`
      : "";
    const max = this.o.maxSegments ?? 16;
    const now = Date.now();
    const changed = listing.complete.length > 0 || partialKey !== this.lastPartial;
    if (!changed) this.cleanAt = now;
    else if (this.dirtySince === null) this.dirtySince = this.cleanAt;
    const due =
      now >= this.retryAfter &&
      batchDue({
        now,
        dirtySince: this.dirtySince,
        completeWaiting: listing.complete.length,
        intervalMs: this.o.batchIntervalMs ?? 60_000,
        maxSegments: max,
        recentShipMs: this.recentShipMs,
        marginMs: this.o.batchMarginMs ?? 5000,
      });
    if (!(force ? changed : due)) return;
    this.shipping = (async () => {
      // Everything written before now is in this batch's listing; later writes make the spool dirty again
      // (seen at the next poll after the batch, bounded by this moment).
      const startedAt = Date.now();
      this.cleanAt = startedAt;
      const dirtyBefore = this.dirtySince;
      this.dirtySince = null;
      try {
        const targets = await this.o.targets();
        const report = await shipBatch(targets, {
          dataDir: this.o.dataDir,
          sourceId: this.o.sourceId,
          spoolDir: this.o.spoolDir,
          host: this.o.host,
          maxFiles: max,
          includePartial: partialKey !== this.lastPartial,
          lock: this.o.lock,
        });
        this.recentShipMs = [...this.recentShipMs, Date.now() - startedAt].slice(-RECENT_SHIPS);
        if (!report.failed.length) this.lastPartial = partialKey;
        else {
          this.dirtySince = dirtyBefore ?? startedAt;
          this.retryAfter = Date.now() + Math.min(15_000, (this.o.batchIntervalMs ?? 60_000) / 4);
        }
        this.o.onShipped?.(report);
      } catch (e) {
        this.dirtySince = dirtyBefore ?? startedAt;
        this.retryAfter = Date.now() + Math.min(15_000, (this.o.batchIntervalMs ?? 60_000) / 4);
        throw e;
      } finally {
        this.shipping = null;
      }
    })();
    return this.shipping;
  }

  /** SIGKILLs the receiver (tests: a crash while WAL is written); the loop restarts it. */
  killReceiver(): void {
    this.receiver?.process.kill("SIGKILL");
  }

  async stop(opts: { shipFirst?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.receiver?.stop();
    await this.shipping?.catch(() => undefined);
    if (opts.shipFirst) await this.maybeShip(true);
  }

  /** Stops without shipping or a clean receiver exit (a crashed host, in tests). */
  abandon(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.receiver?.process.kill("SIGKILL");
  }
}
