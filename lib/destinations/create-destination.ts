/* Adds a destination. A fresh restic repository password (32 random bytes, base64url) is generated —
 * or the one the user chose (`secrets.repositoryPassword`: the password of an existing repository to
 * adopt, or the one a new repository gets; a chosen password that does not open a repository already
 * there is refused before anything is saved) — and sealed apart from the provider secrets, and the
 * repository is created right away
 * (ensureRepositoryInitialized, under the destination's exclusive repository lock). A destination whose
 * repository cannot be created yet (server down, folder not writable) is still saved: the result says
 * why, and "Verify connection" creates it later. The first destination ever created becomes the default.
 * `chunkerParamsFrom` (a destination made to receive copies): the new repository is created with
 * `restic init --copy-chunker-params` from that destination's repository, which must exist and be
 * initialised (else 400 naming the field, nothing saved). */
import "server-only";
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { sealJson, sealSecret } from "@/lib/secrets";
import { isUniqueViolation } from "@/lib/projects/slug";
import { type DestinationType, splitRepositoryPassword, type TCreateDestination, ZCreateDestination } from "./schema";
import { verifyDestination } from "@/lib/engine";
import { env } from "@/lib/env";
import { toDestinationView, type DestinationView } from "./destination-view";
import { ensureRepositoryInitialized } from "./ensure-repository-initialized";

/** What creating the repository gave: `ready` (it exists now), `created` (this call made it), or why not. */
export type RepositoryOutcome = { ready: boolean; created: boolean; message?: string };
export type CreatedDestination = DestinationView & { repository: RepositoryOutcome };

export function generateRepoPassword(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export async function createDestination(input: TCreateDestination, actor: Actor): Promise<CreatedDestination> {
  const data = ZCreateDestination.parse(input);
  const { repositoryPassword, providerSecrets: secrets } = splitRepositoryPassword(
    data.secrets as Record<string, unknown> | undefined,
  );
  if (data.chunkerParamsFrom) await refuseUnknownChunkerSource(data.chunkerParamsFrom);
  if (repositoryPassword) await refuseWrongPassword(data, secrets, repositoryPassword);
  try {
    const row = await getDb().transaction(async (tx) => {
      const [anyDefault] = await tx
        .select({ id: destinations.id })
        .from(destinations)
        .where(eq(destinations.isDefault, true))
        .limit(1);
      const isDefault = data.isDefault === true || !anyDefault;
      if (isDefault && anyDefault)
        await tx.update(destinations).set({ isDefault: false }).where(eq(destinations.isDefault, true));
      const [inserted] = await tx
        .insert(destinations)
        .values({
          name: data.name,
          type: data.type,
          config: data.config as Record<string, unknown>,
          secretsEnc: Object.keys(secrets).length ? sealJson(secrets) : null,
          repoPasswordEnc: sealSecret(repositoryPassword ?? generateRepoPassword()),
          isDefault,
        })
        .returning();
      return inserted!;
    });
    await writeAudit({
      actor,
      action: "destination.create",
      target: { type: "destination", id: row.id, name: row.name },
      details: {
        type: row.type,
        isDefault: row.isDefault,
        chosenPassword: !!repositoryPassword,
        ...(data.chunkerParamsFrom ? { chunkerParamsFrom: data.chunkerParamsFrom } : {}),
      },
    });
    const repository = await createRepository(row.id, data.chunkerParamsFrom);
    if (repository.ready) row.initializedAt ??= new Date();
    return { ...toDestinationView(row), repository };
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `A destination named "${data.name}" already exists. Choose another name.`, {
        name: "This name is already used by another destination",
      });
    }
    throw e;
  }
}

/** A person waits for this: short lock wait and probe timeout; any failure is reported, never thrown. */
async function createRepository(destinationId: string, chunkerParamsFrom?: string): Promise<RepositoryOutcome> {
  try {
    const r = await ensureRepositoryInitialized(destinationId, {
      waitMs: 30_000,
      timeoutMs: 30_000,
      chunkerParamsFrom,
    });
    return r.ok ? { ready: r.initialized, created: r.created } : { ready: false, created: false, message: r.message };
  } catch (e) {
    return { ready: false, created: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** The destination whose chunker parameters are copied must exist and have a repository. */
async function refuseUnknownChunkerSource(id: string): Promise<void> {
  const [source] = await getDb()
    .select({ initializedAt: destinations.initializedAt })
    .from(destinations)
    .where(eq(destinations.id, id));
  if (!source) {
    throw new AppError("validation_failed", "The destination to take the chunking from does not exist.", {
      chunkerParamsFrom: "No such destination",
    });
  }
  if (!source.initializedAt) {
    throw new AppError("validation_failed", "The destination to take the chunking from has no repository yet.", {
      chunkerParamsFrom: "This destination has no repository yet: verify its connection first",
    });
  }
}

/** A chosen password must open the repository that is already there (a new, empty place is fine). */
async function refuseWrongPassword(
  data: { type: DestinationType; config: unknown },
  secrets: Record<string, string>,
  repoPassword: string,
): Promise<void> {
  const r = await verifyDestination(
    {
      type: data.type,
      config: data.config as Record<string, unknown>,
      ...(Object.keys(secrets).length ? { secrets } : {}),
      repoPassword,
    },
    { dataDir: env().dataDir, init: false, timeoutMs: 30_000 },
  ).catch(() => null);
  if (r && !r.ok && r.problem === "wrong_password") {
    throw new AppError(
      "unprocessable",
      "There is a restic repository at this location and this password does not open it. Enter its password, or choose an empty place.",
      { "secrets.repositoryPassword": "This password does not open the repository there" },
    );
  }
}
