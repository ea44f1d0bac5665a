/* Server actions of the Keys dialog on the Destinations page (admin): list keys, add one (the admin's
 * own password again), remove one, rotate Lifeboat's key, set the rotation schedule, follow a rotation,
 * re-key the repository and read its re-key state.
 * Thin: runAction checks the role and validates, one lib/keys call each. */
"use server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { runAction } from "@/lib/http";
import {
  addDestinationKey,
  getRekeyState,
  getRotationRow,
  listDestinationKeys,
  removeDestinationKey,
  requestRekey,
  requestRotation,
  setRotationSchedule,
  toRotationView,
  ZAddKey,
  ZKeyId,
  ZKeyRotationSchedule,
  ZRekeyRequest,
} from "@/lib/keys";

const ZId = z.string().min(1).max(100);

export async function listKeysAction(id: string) {
  return runAction("admin", ZId, id, (d) => listDestinationKeys(d));
}

export async function addKeyAction(id: string, input: unknown) {
  return runAction("admin", ZAddKey, input, (data, actor) => addDestinationKey(ZId.parse(id), data, actor));
}

export async function removeKeyAction(id: string, keyId: string) {
  return runAction("admin", ZKeyId, keyId, async (k, actor) => {
    await removeDestinationKey(ZId.parse(id), k, actor);
    return { removed: k };
  });
}

export async function rotateKeyAction(id: string) {
  return runAction("admin", ZId, id, (d, actor) => requestRotation(d, actor));
}

export async function rotationScheduleAction(id: string, input: unknown) {
  return runAction("admin", ZKeyRotationSchedule, input, (data, actor) =>
    setRotationSchedule(ZId.parse(id), data, actor),
  );
}

export async function rotationStatusAction(rotationId: string) {
  return runAction("admin", ZId, rotationId, async (rid) => {
    const row = await getRotationRow(rid);
    if (!row) throw new AppError("not_found", "This key rotation does not exist.");
    return toRotationView(row);
  });
}

export async function rekeyAction(id: string, input: unknown) {
  return runAction("admin", ZRekeyRequest, input, (data, actor) => requestRekey(ZId.parse(id), data, actor));
}

export async function rekeyStateAction(id: string) {
  return runAction("admin", ZId, id, (d) => getRekeyState(d));
}
