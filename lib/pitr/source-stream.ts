/* One source's WAL stream on this worker while it holds the source's lease: the prerequisite check
 * (misconfigured → no stream, checked again later), the WalStream (engine), slot watching (retained
 * bytes, a lost slot → gap recorded, spool cleared, slot recreated, fresh base backup) and base backups
 * (at once when PITR is turned on, then on the source's cron). State goes to pitr_streams. */
import "server-only";
import fs from "node:fs";
import {
  checkPitrPrerequisites,
  dropSlot,
  listSpool,
  psqlRows,
  slotState,
  takeBaseBackup,
  WalStream,
  type ToolConnection,
} from "@/lib/engine";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { errorInfo } from "@/lib/error-info";
import { logger } from "@/lib/logger";
import { previousRun } from "@/lib/schedules/cron";
import { nextSegment, segmentName, segmentPosition, slotName, spoolFolder } from "./repository-layout";
import { pitrConnection, pitrTargets, type PitrSource } from "./pitr-sources";
import { runWalRetention } from "./run-wal-retention";
import { getStream, markDown, recordGap, updateStream } from "./stream-rows";
import { SEGMENT_NAME, timelineOf } from "@/lib/pitr/wal-names";

export type StreamTuning = { batchIntervalMs?: number; maxSegments?: number; pollMs?: number; restartDelayMs?: number };

export class SourceStream {
  private stream: WalStream | null = null;
  private conn: ToolConnection | null = null;
  private baseBackupRunning: Promise<void> | null = null;
  private lastCheckAt = 0;
  readonly slot: string;

  constructor(
    readonly source: PitrSource,
    private readonly holder: string,
    private readonly dataDir: string,
    private readonly tuning: StreamTuning = {},
  ) {
    this.slot = slotName(source.id);
  }

  get spoolDir() {
    return spoolFolder(this.dataDir, this.source.id);
  }

  /** One supervisor pass for this source: start when possible, watch the slot, take due base backups. */
  async pass(now: Date): Promise<void> {
    if (!this.stream) {
      if (now.getTime() - this.lastCheckAt < 30_000 && this.lastCheckAt) return;
      this.lastCheckAt = now.getTime();
      await this.start();
      return;
    }
    await this.watchSlot(now);
    await this.maybeBaseBackup(now);
  }

  private async start(): Promise<void> {
    this.conn = await pitrConnection(this.source.id);
    const check = await checkPitrPrerequisites(this.conn, this.slot);
    if (!check.ok) {
      await updateStream(this.source.id, this.holder, {
        state: "misconfigured",
        message: check.problems.map((p) => p.message).join(" "),
      });
      return;
    }
    const slot = await slotState(this.conn, this.slot);
    if (slot.walStatus === "lost") await this.recordLostSlot(new Date());
    else await this.detectTakeoverGap();
    this.stream = new WalStream({
      conn: this.conn,
      slot: this.slot,
      sourceId: this.source.id,
      dataDir: this.dataDir,
      spoolDir: this.spoolDir,
      host: this.source.host,
      targets: () => pitrTargets(this.source.environmentId),
      lock: (id, fn) => withRepositoryLock(id, "shared", fn, { purpose: "WAL batch" }),
      ...this.tuning,
      onState: (state, message) => {
        const write =
          state === "down"
            ? markDown(this.source.id, this.holder, message ?? "The WAL stream stopped.")
            : updateStream(this.source.id, this.holder, { state, message: message ?? null, downSince: null });
        void write.catch(() => undefined);
      },
      onShipped: (r) => {
        const names = r.shipped
          .flatMap((s) => s.files)
          .filter((n) => SEGMENT_NAME.test(n))
          .sort();
        for (const f of r.failed) logger().warn({ err: f.error, sourceId: this.source.id }, "WAL batch not shipped");
        if (names.length || r.shipped.length)
          void updateStream(this.source.id, this.holder, {
            lastShippedAt: new Date(),
            ...(names.length ? { lastShippedWal: names.at(-1)! } : {}),
          }).catch(() => undefined);
      },
    });
    await this.stream.start();
  }

  /** Another host held the stream and died with WAL spooled but not shipped: the slot has moved past it,
   * so the repository can never have it. Recorded as a gap; a fresh base backup follows. */
  private async detectTakeoverGap(): Promise<void> {
    const row = await getStream(this.source.id);
    const last = row?.lastShippedWal;
    if (!last || listSpool(this.spoolDir).complete.length || listSpool(this.spoolDir).partial) return;
    const s = await slotState(this.conn!, this.slot);
    if (!s.exists || !s.restartLsn) return;
    const [[segBytes]] = await psqlRows(this.conn!, "select setting from pg_settings where name = 'wal_segment_size'");
    const resume = segmentName(timelineOf(last), s.restartLsn, Number(segBytes));
    // The slot restarts inside the segment after the last shipped one at the latest (its .partial was shipped).
    if (segmentPosition(resume) <= segmentPosition(nextSegment(last, Number(segBytes)))) return;
    await recordGap({ sourceId: this.source.id, afterSegment: last, resumeSegment: resume, reason: "takeover" });
    await updateStream(this.source.id, this.holder, { baseBackupDue: new Date() });
  }

  private async watchSlot(now: Date): Promise<void> {
    if (!this.conn) return;
    try {
      const s = await slotState(this.conn, this.slot);
      await updateStream(this.source.id, this.holder, { slotRetainedBytes: s.retainedBytes });
      if (s.walStatus === "lost") await this.handleLostSlot(now);
    } catch (e) {
      logger().warn({ err: e, sourceId: this.source.id }, "PITR slot check failed");
    }
  }

  /** PostgreSQL removed WAL the slot held (max_slot_wal_keep_size): stop, then record and start over. */
  private async handleLostSlot(now: Date): Promise<void> {
    await this.stream?.stop({ shipFirst: true });
    this.stream = null;
    await this.recordLostSlot(now);
    this.lastCheckAt = 0;
  }

  /** The repository can never have the WAL a lost slot held: gap recorded, spool cleared (it cannot
   * continue the lost stream), slot dropped (a fresh one starts at the server's now), base backup due. */
  private async recordLostSlot(now: Date): Promise<void> {
    const row = await getStream(this.source.id);
    fs.rmSync(this.spoolDir, { recursive: true, force: true });
    await dropSlot(this.conn!, this.slot);
    await recordGap({ sourceId: this.source.id, afterSegment: row?.lastShippedWal ?? null, reason: "slot_lost" });
    await updateStream(this.source.id, this.holder, {
      state: "starting",
      message:
        "The replication slot was lost (the server removed WAL it held); the gap is recorded and a fresh base backup starts.",
      baseBackupDue: now,
    });
  }

  private async maybeBaseBackup(now: Date): Promise<void> {
    if (this.baseBackupRunning || !this.conn || this.stream?.state !== "streaming") return;
    const row = await getStream(this.source.id);
    if (!row) return;
    const slotTime = previousRun({ cron: this.source.baseBackupCron, timezone: "UTC" }, this.source.id, now);
    const due =
      row.baseBackupDue !== null ||
      !row.lastBaseBackupAt ||
      (slotTime !== null && row.lastBaseBackupAt.getTime() < slotTime.getTime());
    if (!due) return;
    this.baseBackupRunning = this.baseBackup().finally(() => {
      this.baseBackupRunning = null;
    });
  }

  private async baseBackup(): Promise<void> {
    const startedAt = new Date();
    try {
      const targets = await pitrTargets(this.source.environmentId);
      for (const t of targets) {
        const take = () =>
          takeBaseBackup(t.repo, this.conn!, {
            sourceId: this.source.id,
            sourceName: this.source.name,
            host: this.source.host,
          });
        await withRepositoryLock(t.id, "shared", take, { purpose: "base backup" });
      }
      await updateStream(this.source.id, this.holder, { lastBaseBackupAt: startedAt, baseBackupDue: null });
      // A new base backup may release old WAL (retention follows the oldest kept base backup).
      for (const t of targets)
        await runWalRetention(t, this.source.id).catch((e) =>
          logger().warn({ err: e, sourceId: this.source.id }, "PITR retention failed"),
        );
    } catch (e) {
      await updateStream(this.source.id, this.holder, { message: `Base backup failed: ${errorInfo(e).message}` });
    }
  }

  /** Waits for a running base backup (tests, shutdown). */
  async settled(): Promise<void> {
    await this.baseBackupRunning;
  }

  get streamState() {
    return this.stream?.state ?? null;
  }

  /** Lease lost or PITR off: stop streaming (shipping what is spooled when the lease is still ours). */
  async stop(opts: { dropSlot: boolean; shipFirst: boolean }): Promise<void> {
    await this.stream?.stop({ shipFirst: opts.shipFirst }).catch(() => undefined);
    this.stream = null;
    await this.baseBackupRunning?.catch(() => undefined);
    if (opts.dropSlot) {
      const conn = this.conn ?? (await pitrConnection(this.source.id).catch(() => null));
      if (conn) await dropSlot(conn, this.slot);
      fs.rmSync(`${this.dataDir}/pitr/${this.source.id}`, { recursive: true, force: true });
    }
  }

  /** A crashed host, in tests: no shipping, no clean exit, lease not released. */
  abandon(): void {
    this.stream?.abandon();
    this.stream = null;
  }
}
