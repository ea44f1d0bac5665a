/* Start-up of a panel (or worker) process: apply migrations, make sure the session secret exists, create
 * the default local destination "Local disk" at <dataDir>/repositories/default when there is no
 * destination at all, and create the first admin from LIFEBOAT_ADMIN_EMAIL/LIFEBOAT_ADMIN_PASSWORD when
 * there is no user yet (otherwise the one-time /setup page does it), and create the repositories of
 * destinations never initialised (each under its exclusive repository lock, so several processes starting
 * at once create it once; start-up waits for that at most 10 s, the rest goes on in the background).
 * Idempotent and safe to run from several processes at once (advisory lock). Owns nothing else; the
 * worker/scheduler start elsewhere. */
import "server-only";
import path from "node:path";
import { count, sql } from "drizzle-orm";
import { ensureMigrated, getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { SYSTEM_ACTOR } from "@/lib/auth/roles";
import { nextAuthSecret } from "@/lib/auth/auth-secret";
import { masterKey, sealSecret } from "@/lib/secrets";
import { writeAudit } from "@/lib/audit/write-audit";
import { generateRepoPassword } from "@/lib/destinations/create-destination";
import { initializePendingRepositories } from "@/lib/destinations/ensure-repository-initialized";
import { ZLocalConfig } from "@/lib/destinations/schema";
import { createFirstAdmin, hasAnyUser } from "@/lib/users/create-first-admin";

const BOOTSTRAP_LOCK = 72_616_003;
export const DEFAULT_DESTINATION_NAME = "Local disk";

export function defaultRepositoryPath(): string {
  return path.join(env().dataDir, "repositories", "default");
}

async function ensureDefaultDestination(): Promise<void> {
  // Serialise the "none yet → create" check across processes; the lock ends with the transaction.
  // Everything happens on `tx`: PGlite has one session, so a second connection would wait forever.
  const row = await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
    const [r] = await tx.select({ n: count() }).from(destinations);
    if (Number(r?.n ?? 0) > 0) return null;
    const config = ZLocalConfig.parse({ path: defaultRepositoryPath() });
    const [inserted] = await tx
      .insert(destinations)
      .values({
        name: DEFAULT_DESTINATION_NAME,
        type: "local",
        config,
        repoPasswordEnc: sealSecret(generateRepoPassword()),
        isDefault: true,
      })
      .returning();
    return inserted!;
  });
  if (row) {
    await writeAudit({
      actor: SYSTEM_ACTOR,
      action: "destination.create",
      target: { type: "destination", id: row.id, name: row.name },
      details: { type: "local", isDefault: true, reason: "first start" },
    });
  }
}

async function ensureAdminFromEnv(): Promise<void> {
  const { LIFEBOAT_ADMIN_EMAIL: email, LIFEBOAT_ADMIN_PASSWORD: password } = env();
  if (!email || !password) return;
  if (await hasAnyUser()) return;
  try {
    await createFirstAdmin({ email, password }, { via: "environment" });
    logger().info({ email }, "created the admin from LIFEBOAT_ADMIN_EMAIL");
  } catch (e) {
    if ((e as { code?: string }).code === "conflict") return; // another process was faster
    throw e;
  }
}

const REPOSITORY_INIT_BUDGET_MS = 10_000;

function waitAtMost(ms: number, work: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([work, budget]).finally(() => clearTimeout(timer));
}

let started: Promise<void> | undefined;

export function bootstrap(): Promise<void> {
  started ??= (async () => {
    masterKey(); // fail early (and create the key file) rather than at the first secret
    nextAuthSecret();
    await ensureMigrated();
    await ensureDefaultDestination();
    await ensureAdminFromEnv();
    await waitAtMost(
      REPOSITORY_INIT_BUDGET_MS,
      initializePendingRepositories().catch((e) =>
        logger().warn({ err: (e as Error).message }, "could not look for destinations to initialise"),
      ),
    );
  })().catch((e) => {
    started = undefined;
    throw e;
  });
  return started;
}

/** Tests run bootstrap more than once in one process to prove it is idempotent. */
export function resetBootstrapForTests(): void {
  started = undefined;
}
