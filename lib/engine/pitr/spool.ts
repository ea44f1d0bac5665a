/* The spool folder pg_receivewal writes into, and shipping it in batches (repository-layout.ts): each
 * batch is a staging folder of hard links to complete segments (pg_receivewal never rewrites a file once
 * it renamed it from .partial) plus a copy of the newest `.partial`, backed up as one snapshot into one
 * repository. Which destination holds which complete file is kept in `shipped.json` beside the spool;
 * a complete file leaves the spool only when every destination holds it. Knows no database. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { shipFolder, walBatchTags } from "@/lib/pitr/repository-layout";
import { backupPaths } from "../restic/backup";
import type { Repo } from "../types";
import { HISTORY_NAME, PARTIAL_NAME, SEGMENT_NAME } from "@/lib/pitr/wal-names";

export type SpoolListing = { complete: string[]; partial: { name: string; size: number; mtimeMs: number } | null };

export function listSpool(spoolDir: string): SpoolListing {
  let names: string[] = [];
  try {
    names = fs.readdirSync(spoolDir);
  } catch {
    return { complete: [], partial: null };
  }
  // History files first (a reader needs a timeline's history before its segments), then segments in order.
  const history = names.filter((n) => HISTORY_NAME.test(n)).sort();
  const segments = names.filter((n) => SEGMENT_NAME.test(n)).sort();
  const partials = names.filter((n) => PARTIAL_NAME.test(n)).sort();
  const newest = partials.at(-1);
  let partial: SpoolListing["partial"] = null;
  if (newest) {
    try {
      const st = fs.statSync(path.join(spoolDir, newest));
      partial = { name: newest, size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      /* renamed to complete meanwhile: the next listing sees it */
    }
  }
  return { complete: [...history, ...segments], partial };
}

export type ShipTarget = { id: string; repo: Repo };

type ShippedState = Record<string, string[]>;

function statePath(spoolDir: string) {
  return path.join(path.dirname(spoolDir), "shipped.json");
}

export function readShipped(spoolDir: string): ShippedState {
  try {
    return JSON.parse(fs.readFileSync(statePath(spoolDir), "utf8")) as ShippedState;
  } catch {
    return {};
  }
}

function writeShipped(spoolDir: string, state: ShippedState): void {
  const tmp = `${statePath(spoolDir)}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, statePath(spoolDir));
}

export type ShipOptions = {
  dataDir: string;
  sourceId: string;
  spoolDir: string;
  host: string;
  /** At most this many complete files per snapshot (the rest go in the next batch). */
  maxFiles: number;
  /** Ship the newest .partial too (false when it has not changed since the last batch). */
  includePartial: boolean;
  /** Wraps each destination's backup (the caller's shared repository lock, so a prune is never raced). */
  lock?: <T>(targetId: string, fn: () => Promise<T>) => Promise<T>;
};

export type ShipReport = {
  /** When the batch began (its files were taken from the spool after this moment). */
  startedAt: number;
  shipped: { destinationId: string; snapshotId: string; files: string[] }[];
  failed: { destinationId: string; error: Error }[];
  removedFromSpool: string[];
};

/** One batch into every target; then removes the complete files every target holds. */
export async function shipBatch(targets: ShipTarget[], opts: ShipOptions): Promise<ShipReport> {
  const startedAt = Date.now();
  const listing = listSpool(opts.spoolDir);
  const state = readShipped(opts.spoolDir);
  const report: ShipReport = { startedAt, shipped: [], failed: [], removedFromSpool: [] };
  for (const t of targets) {
    const have = new Set(state[t.id] ?? []);
    const files = listing.complete.filter((n) => !have.has(n)).slice(0, opts.maxFiles);
    const partial = opts.includePartial && listing.partial ? listing.partial.name : null;
    if (!files.length && !partial) continue;
    try {
      const ship = () => shipTo(t.repo, opts, files, partial, startedAt);
      const snapshotId = await (opts.lock ? opts.lock(t.id, ship) : ship());
      state[t.id] = [...have, ...files];
      writeShipped(opts.spoolDir, state);
      report.shipped.push({ destinationId: t.id, snapshotId, files: partial ? [...files, partial] : files });
    } catch (e) {
      report.failed.push({ destinationId: t.id, error: e as Error });
    }
  }
  for (const name of listing.complete) {
    if (!targets.length || !targets.every((t) => state[t.id]?.includes(name))) continue;
    fs.rmSync(path.join(opts.spoolDir, name), { force: true });
    report.removedFromSpool.push(name);
  }
  if (report.removedFromSpool.length) {
    const gone = new Set(report.removedFromSpool);
    for (const id of Object.keys(state)) state[id] = state[id].filter((n) => !gone.has(n));
    writeShipped(opts.spoolDir, state);
  }
  return report;
}

/** The snapshot's time is when the spool was listed (restic --time, to the second, rounded down), not when
 * restic ran (after a lock wait, perhaps): every WAL write before it is in the batch, and the `.partial`
 * in it was the segment being written then — what the restore side relies on (window.ts walUpTo). */
async function shipTo(
  repo: Repo,
  opts: ShipOptions,
  files: string[],
  partial: string | null,
  listedAt: number,
): Promise<string> {
  const batchId = `${Date.now()}-${crypto.randomBytes(3).toString("hex")}`;
  const dir = shipFolder(opts.dataDir, opts.sourceId, batchId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    for (const f of files) fs.linkSync(path.join(opts.spoolDir, f), path.join(dir, f));
    if (partial) fs.copyFileSync(path.join(opts.spoolDir, partial), path.join(dir, partial));
    const r = await backupPaths(repo, {
      paths: [dir],
      tags: walBatchTags(opts.sourceId),
      host: opts.host,
      time: new Date(listedAt),
    });
    return r.snapshotId;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes batch folders a killed process left behind. */
export function sweepShipFolders(dataDir: string, sourceId: string): void {
  fs.rmSync(path.dirname(shipFolder(dataDir, sourceId, "x")), { recursive: true, force: true });
}
