/* The shapes of proof (issue 9), declared once and browser-safe: a check's result, a backup's
 * verification, the manifest recorded with a snapshot (what a test restore compares against), a database
 * source's smoke queries, a test restore's per-source outcome and an integrity check's view. The API
 * contract is ../shared/API.md §Proof; Drizzle JSON columns take their types from here. */
import { z } from "zod";

export const CHECK_STATUSES = ["passed", "warning", "failed"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** One named check and what it found, in words a user reads ("Dump is complete", "passed", "…"). */
export const ZCheckResult = z.object({
  name: z.string(),
  status: z.enum(CHECK_STATUSES),
  message: z.string(),
});
export type TCheckResult = z.infer<typeof ZCheckResult>;

export const VERIFICATION_STATUSES = ["pending", "passed", "warning", "failed"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** A backup's verification: the worst of its checks ("pending" until the backup job ran them). */
export const ZVerification = z.object({
  status: z.enum(VERIFICATION_STATUSES),
  checks: z.array(ZCheckResult),
});
export type TVerification = z.infer<typeof ZVerification>;

/** The worst status of a list of checks: failed > warning > passed; no checks → passed. */
export function worstStatus(checks: readonly { status: CheckStatus }[]): CheckStatus {
  if (checks.some((c) => c.status === "failed")) return "failed";
  if (checks.some((c) => c.status === "warning")) return "warning";
  return "passed";
}

/** A table's row count as recorded with a database snapshot. `exact` is false where the count could not
 * be taken in the dump's own consistent view (e.g. a MariaDB non-transactional table). */
export const ZTableCount = z.object({
  schema: z.string().nullable(),
  name: z.string(),
  rows: z.number().int().nonnegative(),
  exact: z.boolean(),
});
export type TTableCount = z.infer<typeof ZTableCount>;

/** What a snapshot held when it was made, stored on its backup_snapshots row (`manifest`). A test
 * restore checks the restored data against it. */
export const ZSnapshotManifest = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("database"),
    engine: z.enum(["postgres", "mysql", "sqlite"]),
    /** True when every count was taken in the same consistent view as the dump. */
    consistent: z.boolean(),
    tables: z.array(ZTableCount),
    /** The dump's path inside the snapshot (`/shop.pgdump`), so a restore needs no `restic ls` to find
     * it; absent on manifests recorded before it was kept. */
    file: z.string().optional(),
  }),
  z.object({
    kind: z.literal("directory"),
    fileCount: z.number().int().nonnegative(),
    totalBytes: z.number().int().nonnegative(),
  }),
]);
export type TSnapshotManifest = z.infer<typeof ZSnapshotManifest>;

/** A query a user writes for a database source; a test restore runs it on the scratch copy. */
export const ZSmokeQuery = z.object({
  sql: z.string().trim().min(1, "Write the query").max(4000, "Keep the query under 4000 characters"),
  expect: z.enum(["nonzero", "zero"]),
});
export type TSmokeQuery = z.infer<typeof ZSmokeQuery>;

export const PROOF_JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type ProofJobStatus = (typeof PROOF_JOB_STATUSES)[number];

/** One source's part of a test restore (API.md: test-restores `sources[]`). */
export const ZTestRestoreSource = z.object({
  sourceId: z.string(),
  name: z.string(),
  status: z.enum(PROOF_JOB_STATUSES),
  durationSeconds: z.number().nullable(),
  checks: z.array(ZCheckResult),
});
export type TTestRestoreSource = z.infer<typeof ZTestRestoreSource>;

export type TestRestoreView = {
  id: string;
  backupId: string;
  environmentId: string;
  status: ProofJobStatus;
  trigger: "scheduled" | "manual";
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  sources: TTestRestoreSource[];
  error?: { code: string; message: string };
};

export const READ_DATA_MODES = ["none", "subset", "all"] as const;
export type ReadDataMode = (typeof READ_DATA_MODES)[number];

export type IntegrityCheckView = {
  id: string;
  destinationId: string;
  status: ProofJobStatus;
  startedAt: string | null;
  finishedAt: string | null;
  /** restic's `--read-data-subset` argument of this run ("3/30", "500M"), absent for structure only. */
  readDataSubset?: string;
  errors: { message: string }[];
  damagedPacks: string[];
  damagedBackupIds: string[];
};

/** POST /api/v1/destinations/{id}/check: what to read besides the structure (default: the next part of
 * the rotating data read). */
export const ZRequestCheck = z.object({
  readData: z
    .enum(READ_DATA_MODES, { error: `readData must be one of: ${READ_DATA_MODES.join(", ")}` })
    .default("subset"),
});
