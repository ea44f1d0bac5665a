/* Listing, adding and removing the keys of a destination's repository (admin). Adding asks for the
 * admin's own password again; removing refuses the last key and the key Lifeboat itself opens the
 * repository with (that one is replaced only by a rotation). Key changes hold the destination's
 * repository lock exclusively; every change and every refused change is audited. Passwords never leave
 * this module except into restic's stdin. */
import "server-only";
import os from "node:os";
import type { Actor } from "@/lib/auth/roles";
import { writeAudit } from "@/lib/audit/write-audit";
import { getDestinationRow } from "@/lib/destinations/get-destination";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { addKey, listKeys, removeKey } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { confirmAdminPassword } from "./confirm-admin";
import { keyAppError } from "./engine-errors";
import { loadWorkingRepo } from "./repository-password";
import { latestRotation } from "./rotate/rotation-rows";
import { type DestinationKeysView, type RepositoryKeyView, type TAddKey, ZAddKey, ZKeyId } from "./schema";

const WAIT_MS = 30_000;

export async function listDestinationKeys(destinationId: string): Promise<DestinationKeysView> {
  const dest = await getDestinationRow(destinationId);
  try {
    const repo = await loadWorkingRepo(destinationId);
    const keys = await withRepositoryLock(destinationId, "shared", () => listKeys(repo), {
      waitMs: WAIT_MS,
      purpose: "list keys",
    });
    const items: RepositoryKeyView[] = keys.map((k) => ({
      id: k.id,
      userName: k.userName,
      hostName: k.hostName,
      created: k.created,
      current: k.current,
    }));
    return {
      items,
      rotation: {
        lastRotatedAt: dest.keyRotatedAt?.toISOString() ?? null,
        rotationDays: dest.keyRotationDays ?? null,
        latest: await latestRotation(destinationId),
      },
    };
  } catch (e) {
    throw keyAppError(e, dest.name);
  }
}

export async function addDestinationKey(
  destinationId: string,
  input: TAddKey,
  actor: Actor,
): Promise<RepositoryKeyView> {
  const data = ZAddKey.parse(input);
  const dest = await getDestinationRow(destinationId);
  const target = { type: "destination", id: dest.id, name: dest.name };
  await confirmAdminPassword(actor, data.adminPassword, { action: "destination.key_add", target });
  try {
    const repo = await loadWorkingRepo(destinationId);
    const key = await withRepositoryLock(
      destinationId,
      "exclusive",
      async () => {
        const { id } = await addKey(repo, {
          newPassword: data.password,
          user: data.userName ?? "admin",
          host:
            os
              .hostname()
              .replace(/[^A-Za-z0-9_.@-]/g, "-")
              .slice(0, 64) || "lifeboat",
        });
        return (await listKeys(repo)).find((k) => k.id === id);
      },
      { waitMs: WAIT_MS, purpose: "add a key" },
    );
    if (!key) throw new AppError("internal", "The key was added but is missing from the list.");
    await writeAudit({
      actor,
      action: "destination.key_add",
      target,
      details: { keyId: key.id, userName: key.userName },
    });
    return { id: key.id, userName: key.userName, hostName: key.hostName, created: key.created, current: false };
  } catch (e) {
    throw keyAppError(e, dest.name);
  }
}

export async function removeDestinationKey(destinationId: string, keyId: string, actor: Actor): Promise<void> {
  const id = ZKeyId.parse(keyId);
  const dest = await getDestinationRow(destinationId);
  const target = { type: "destination", id: dest.id, name: dest.name };
  const refuse = async (reason: string, message: string) => {
    await writeAudit({
      actor,
      action: "destination.key_remove",
      target,
      outcome: "denied",
      details: { keyId: id, reason },
    });
    throw new AppError("conflict", message);
  };
  try {
    const repo = await loadWorkingRepo(destinationId);
    await withRepositoryLock(
      destinationId,
      "exclusive",
      async () => {
        const keys = await listKeys(repo);
        const match = keys.filter((k) => k.id === id || k.id.startsWith(id));
        if (match.length !== 1) throw new AppError("not_found", "This key is not in the repository (any more).");
        if (keys.length === 1)
          await refuse("last_key", "This is the repository's only key: without it nobody could open the backups.");
        if (match[0].current)
          await refuse(
            "lifeboat_key",
            "This is the key Lifeboat opens the repository with. Use “Rotate now” to replace it with a new one.",
          );
        await removeKey(repo, match[0].id);
      },
      { waitMs: WAIT_MS, purpose: "remove a key" },
    );
  } catch (e) {
    throw keyAppError(e, dest.name);
  }
  await writeAudit({ actor, action: "destination.key_remove", target, details: { keyId: id } });
}
