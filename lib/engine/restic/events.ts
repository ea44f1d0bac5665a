/* zod schemas for restic's `--json` output and the parsers that turn one line (or one document) into
 * engine types. Owns the knowledge of restic's JSON field names across versions (0.14 → 0.17): unknown
 * fields are ignored, missing optional ones tolerated, and a line that is not valid JSON or does not
 * match is reported as `unknown` rather than crashing a backup. Pure: unit-tested. */
import { z } from "zod";
import type { KeyInfo, LsEntry, Progress, Snapshot, StatsResult } from "../types";

const num = z.number().catch(0);

export const ZBackupStatus = z.object({
  message_type: z.literal("status"),
  seconds_elapsed: z.number().optional(),
  seconds_remaining: z.number().optional(),
  percent_done: z.number().default(0),
  total_files: z.number().default(0),
  files_done: z.number().default(0),
  total_bytes: z.number().default(0),
  bytes_done: z.number().default(0),
  error_count: z.number().optional(),
  current_files: z.array(z.string()).nullish(),
});

export const ZBackupSummary = z.object({
  message_type: z.literal("summary"),
  files_new: num,
  files_changed: num,
  files_unmodified: num,
  dirs_new: num.optional(),
  dirs_changed: num.optional(),
  dirs_unmodified: num.optional(),
  data_added: num,
  total_files_processed: num,
  total_bytes_processed: num,
  total_duration: num,
  snapshot_id: z.string().regex(/^[0-9a-f]{8,64}$/),
});

export const ZBackupError = z.object({
  message_type: z.literal("error"),
  error: z.unknown(),
  during: z.string().optional(),
  item: z.string().optional(),
});

export type BackupStatus = z.infer<typeof ZBackupStatus>;
export type BackupSummary = z.infer<typeof ZBackupSummary>;
export type BackupEvent =
  | { type: "status"; status: BackupStatus }
  | { type: "summary"; summary: BackupSummary }
  | { type: "error"; item: string; during: string; message: string }
  | { type: "other"; messageType: string }
  | { type: "unknown"; line: string };

/** Describe restic's error payload: 0.14 prints Go's *PathError as {Op, Path, Err: errno}; 0.16+ {message}. */
function describeError(e: unknown): string {
  if (typeof e === "string") return e;
  if (e && typeof e === "object") {
    const o = e as Record<string, unknown>;
    if (typeof o.message === "string") return o.message;
    if (typeof o.Op === "string") {
      const errno = typeof o.Err === "number" ? (ERRNO[o.Err] ?? `errno ${o.Err}`) : String(o.Err ?? "error");
      return `${o.Op}: ${errno}`;
    }
  }
  return "error";
}
const ERRNO: Record<number, string> = {
  1: "operation not permitted",
  2: "no such file or directory",
  5: "input/output error",
  13: "permission denied",
};

export function parseBackupLine(line: string): BackupEvent | null {
  const t = line.trim();
  if (!t) return null;
  if (!t.startsWith("{")) return { type: "unknown", line: t };
  let raw: unknown;
  try {
    raw = JSON.parse(t);
  } catch {
    return { type: "unknown", line: t };
  }
  const mt = (raw as { message_type?: unknown })?.message_type;
  if (mt === "status") {
    const r = ZBackupStatus.safeParse(raw);
    return r.success ? { type: "status", status: r.data } : { type: "unknown", line: t };
  }
  if (mt === "summary") {
    const r = ZBackupSummary.safeParse(raw);
    return r.success ? { type: "summary", summary: r.data } : { type: "unknown", line: t };
  }
  if (mt === "error") {
    const r = ZBackupError.safeParse(raw);
    if (!r.success) return { type: "unknown", line: t };
    return {
      type: "error",
      item: r.data.item ?? "",
      during: r.data.during ?? "",
      message: describeError(r.data.error),
    };
  }
  return typeof mt === "string" ? { type: "other", messageType: mt } : { type: "unknown", line: t };
}

export function statusToProgress(s: BackupStatus): Progress {
  const percent = Math.min(1, Math.max(0, s.percent_done));
  return {
    percent,
    bytesDone: s.bytes_done,
    bytesTotal: s.total_bytes,
    filesDone: s.files_done,
    etaSeconds: s.seconds_remaining !== undefined && s.seconds_remaining >= 0 ? s.seconds_remaining : undefined,
  };
}

export const ZSnapshotJson = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  short_id: z.string().optional(),
  time: z.string(),
  hostname: z.string().default(""),
  tags: z.array(z.string()).nullish(),
  paths: z.array(z.string()).nullish(),
  tree: z.string().optional(),
  original: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export function toSnapshot(raw: unknown): Snapshot {
  const s = ZSnapshotJson.parse(raw);
  return {
    id: s.id,
    shortId: s.short_id ?? s.id.slice(0, 8),
    time: s.time,
    hostname: s.hostname,
    tags: s.tags ?? [],
    paths: s.paths ?? [],
    ...(s.tree ? { tree: s.tree } : {}),
    ...(s.original ? { original: s.original } : {}),
  };
}

export function parseSnapshotsJson(doc: string): Snapshot[] {
  const t = doc.trim();
  if (!t) return [];
  const arr = z.array(z.unknown()).parse(JSON.parse(t));
  return arr.map(toSnapshot);
}

export const ZLsNode = z.object({
  struct_type: z.literal("node").optional(),
  name: z.string(),
  type: z.string(),
  path: z.string(),
  size: z.number().optional(),
  mtime: z.string().optional(),
});

/** One `ls --json` line: the first is the snapshot (returns null), the rest are nodes. */
export function parseLsLine(line: string): LsEntry | null {
  const t = line.trim();
  if (!t) return null;
  const raw = JSON.parse(t) as { struct_type?: string; message_type?: string };
  const kind = raw.struct_type ?? raw.message_type;
  if (kind === "snapshot") return null;
  const n = ZLsNode.parse(raw);
  const type = n.type === "file" || n.type === "dir" || n.type === "symlink" ? n.type : "other";
  return { path: n.path, name: n.name, type, size: n.size ?? 0, mtime: n.mtime ?? "" };
}

const ZForgetSnapshot = z.object({
  id: z.string().optional(),
  time: z.string(),
  tree: z.string().optional(),
  hostname: z.string().optional(),
});
export const ZForgetGroup = z.object({
  keep: z.array(z.unknown()).nullish(),
  remove: z.array(z.unknown()).nullish(),
  reasons: z.array(z.object({ snapshot: ZForgetSnapshot, matches: z.array(z.string()).nullish() })).nullish(),
});

/** `forget --json` groups → flat keep/remove lists and reasons keyed by full id. restic 0.14's reasons
 * carry the snapshot without its id, so they are matched to kept snapshots by time + tree. */
export function parseForgetJson(doc: string): {
  keep: Snapshot[];
  remove: Snapshot[];
  reasons: Record<string, string[]>;
} {
  const t = doc.trim();
  const groups = t ? z.array(ZForgetGroup).parse(JSON.parse(t)) : [];
  const keep: Snapshot[] = [];
  const remove: Snapshot[] = [];
  const reasons: Record<string, string[]> = {};
  for (const g of groups) {
    const kept = (g.keep ?? []).map((raw) => ({ snap: toSnapshot(raw), tree: (raw as { tree?: string }).tree }));
    keep.push(...kept.map((k) => k.snap));
    remove.push(...(g.remove ?? []).map(toSnapshot));
    for (const r of g.reasons ?? []) {
      const match =
        (r.snapshot.id && kept.find((k) => k.snap.id === r.snapshot.id)) ||
        kept.find((k) => k.snap.time === r.snapshot.time && (!r.snapshot.tree || k.tree === r.snapshot.tree));
      if (match) reasons[match.snap.id] = r.matches ?? [];
    }
  }
  return { keep, remove, reasons };
}

export function parseStatsJson(doc: string): StatsResult {
  const s = z
    .object({
      total_size: num,
      total_file_count: num,
      snapshots_count: num,
      total_uncompressed_size: z.number().optional(),
      compression_ratio: z.number().optional(),
      total_blob_count: z.number().optional(),
    })
    .parse(JSON.parse(doc.trim()));
  return {
    totalSize: s.total_size,
    totalFileCount: s.total_file_count,
    snapshotsCount: s.snapshots_count,
    totalUncompressedSize: s.total_uncompressed_size,
    compressionRatio: s.compression_ratio,
    totalBlobCount: s.total_blob_count,
  };
}

export function parseKeysJson(doc: string): KeyInfo[] {
  return z
    .array(
      z.object({
        current: z.boolean().default(false),
        id: z.string(),
        userName: z.string().default(""),
        hostName: z.string().default(""),
        created: z.string().default(""),
      }),
    )
    .parse(JSON.parse(doc.trim() || "[]"));
}

/** `copy` output (text in every version): "snapshot <src> of [...] at ...)" opens a block that ends with
 * either "snapshot <new> saved" or "skipping source snapshot <src>, was already copied to snapshot <dst>". */
export function createCopyParser() {
  const copied: { from: string; to: string }[] = [];
  const skipped: { from: string; to: string }[] = [];
  let current: string | undefined;
  return {
    feed(line: string): void {
      const t = line.trim();
      let m = /^snapshot ([0-9a-f]{8,64}) of /.exec(t);
      if (m) {
        current = m[1];
        return;
      }
      m = /^skipping source snapshot ([0-9a-f]{8,64}), was already copied to snapshot ([0-9a-f]{8,64})/.exec(t);
      if (m) {
        skipped.push({ from: m[1], to: m[2] });
        current = undefined;
        return;
      }
      m = /^snapshot ([0-9a-f]{8,64}) saved/.exec(t);
      if (m && current) {
        copied.push({ from: current, to: m[1] });
        current = undefined;
      }
    },
    /** A retried run starts over (restic prints every snapshot again, copied or skipped). */
    reset(): void {
      copied.length = 0;
      skipped.length = 0;
      current = undefined;
    },
    result: () => ({ copied, skipped }),
  };
}

/** Lines of `restic check` output that describe damage (check has no JSON in 0.14). */
export function isCheckProblemLine(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  if (
    /^(using temporary cache|create exclusive lock|load indexes|check all packs|check snapshots|read all data|read group|no errors were found|created new cache|\[\d+:\d+\])/i.test(
      t,
    )
  )
    return false;
  if (/^Fatal: repository contains errors/.test(t)) return false;
  // Operational noise, not damage: lock conflicts (retried or reported as RepoLocked) and cache warnings.
  if (
    /already locked|lock was created at|storage ID|the `unlock` command|unable to create lock|temporary directory for cache|cache/i.test(
      t,
    )
  )
    return false;
  return /error|does not match|not found|missing|damaged|invalid|corrupt|unable|failed|unexpected|mismatch/i.test(t);
}
