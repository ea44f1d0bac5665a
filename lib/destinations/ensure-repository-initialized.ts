/* Creating a destination's restic repository, once. Whoever adds or verifies a destination (and the
 * panel's start-up, for destinations never initialised) calls this; a worker only reaches it for a
 * destination that was never initialised (one whose repository could not be created when it was added).
 * The check, `restic init` and recording `initializedAt` all happen under the destination's exclusive
 * repository lock, and `initializedAt` is read again once the lock is held: two processes racing on an
 * empty repository can no longer both run `restic init` (which left two keys and one config, and every
 * later backup failing "ciphertext verification failed"). A destination whose `initializedAt` is set is
 * never initialised again here: if its repository has gone, restic's own error says so.
 * `chunkerParamsFrom` (creating a destination meant for copies): an empty place gets
 * `restic init --copy-chunker-params` from that destination's repository, read under its shared lock
 * (taken inside this one's exclusive lock; no one holds these two the other way round: a copy takes
 * both shared, in id order). A place that already holds a repository keeps its own parameters. */
import "server-only";
import { eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { initRepo, type VerifyResult, verifyDestination } from "@/lib/engine";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { loadDestinationRepo } from "./load-destination-repo";
import { loadDestinationSpec } from "./load-destination-spec";
import { withRepositoryLock } from "./repository-lock";

export type RepositoryInitOptions = {
  signal?: AbortSignal;
  /** how long to wait for the repository lock (default LIFEBOAT_REPOSITORY_LOCK_WAIT_SECONDS) */
  waitMs?: number;
  /** how long the probe and `restic init` may take (default 60 s) */
  timeoutMs?: number;
  /** a destination id: create the repository with its chunker parameters (see above) */
  chunkerParamsFrom?: string;
};

const READY: VerifyResult = { ok: true, initialized: true, created: false };

/** The repository exists (it was there or this call created it), or why it cannot be used. */
export async function ensureRepositoryInitialized(
  destinationId: string,
  opts: RepositoryInitOptions = {},
): Promise<VerifyResult> {
  if (await isInitialized(destinationId)) return READY;
  return withRepositoryLock(
    destinationId,
    "exclusive",
    async () => ((await isInitialized(destinationId)) ? READY : probeAndInitialize(destinationId, opts)),
    { ...opts, purpose: "create the repository" },
  );
}

/** For "Verify connection": probe (and create when the place is empty) even if `initializedAt` is set. */
export function initializeRepositoryNow(destinationId: string, opts: RepositoryInitOptions = {}) {
  return withRepositoryLock(destinationId, "exclusive", () => probeAndInitialize(destinationId, opts), {
    ...opts,
    purpose: "create the repository",
  });
}

/** For job runners: like ensureRepositoryInitialized, but a destination that cannot be used throws. */
export async function requireInitializedRepository(destinationId: string, opts: RepositoryInitOptions = {}) {
  const r = await ensureRepositoryInitialized(destinationId, opts);
  if (!r.ok) throw new AppError("unprocessable", r.message);
  return r;
}

/** Start-up: create the repositories of destinations never initialised; failures are logged, not thrown. */
export async function initializePendingRepositories(opts: RepositoryInitOptions = {}): Promise<void> {
  const pending = await getDb()
    .select({ id: destinations.id, name: destinations.name })
    .from(destinations)
    .where(isNull(destinations.initializedAt));
  for (const d of pending) {
    try {
      const r = await ensureRepositoryInitialized(d.id, opts);
      if (r.ok && r.created) logger().info({ destination: d.name }, "created the destination's repository");
      if (!r.ok) logger().warn({ destination: d.name, problem: r.problem }, r.message);
    } catch (e) {
      logger().warn({ destination: d.name, err: (e as Error).message }, "could not create the repository");
    }
  }
}

async function isInitialized(destinationId: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ at: destinations.initializedAt })
    .from(destinations)
    .where(eq(destinations.id, destinationId));
  if (!row) throw new AppError("not_found", "This destination does not exist (any more).");
  return row.at !== null;
}

async function probeAndInitialize(destinationId: string, opts: RepositoryInitOptions): Promise<VerifyResult> {
  const { id: _id, name: _name, ...spec } = await loadDestinationSpec(destinationId);
  const copyFrom = opts.chunkerParamsFrom;
  let result = await verifyDestination(spec, { dataDir: env().dataDir, init: !copyFrom, timeoutMs: opts.timeoutMs });
  if (copyFrom && result.ok && !result.initialized) {
    const [repo, from] = await Promise.all([loadDestinationRepo(destinationId), loadDestinationRepo(copyFrom)]);
    await withRepositoryLock(copyFrom, "shared", () => initRepo(repo, { copyChunkerParamsFrom: from }), {
      ...opts,
      purpose: "read the chunker parameters",
    });
    result = { ok: true, initialized: true, created: true };
  }
  if (result.ok && result.initialized) {
    await getDb().update(destinations).set({ initializedAt: new Date() }).where(eq(destinations.id, destinationId));
  }
  return result;
}
