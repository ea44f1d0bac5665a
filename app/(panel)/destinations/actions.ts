/* Server actions for destinations. Thin: runAction checks the role (admin: destinations are settings),
 * validates with ZCreateDestination/ZUpdateDestination (the REST API's schemas) and calls lib/destinations.
 * "Verify connection" runs F1's verify service (the engine's verifyDestination against the real
 * repository; creates the repository when the place is empty) and returns {ok:true, initialized,
 * created} or {ok:false, problem, message}. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { createDestination, deleteDestination, updateDestination, ZCreateDestination, ZUpdateDestination } from "@/lib/destinations";
import { verifyDestinationById } from "@/lib/destinations/verify-destination";

const ZId = z.string().min(1).max(100);

export async function createDestinationAction(input: unknown) {
  return runAction("admin", ZCreateDestination, input, (data, actor) => createDestination(data, actor));
}

export async function updateDestinationAction(id: string, input: unknown) {
  return runAction("admin", ZUpdateDestination, input, (data, actor) => updateDestination(ZId.parse(id), data, actor));
}

export async function deleteDestinationAction(id: string) {
  return runAction("admin", ZId, id, (destinationId, actor) => deleteDestination(destinationId, actor));
}

export async function verifyDestinationAction(id: string) {
  return runAction("admin", ZId, id, (destinationId, actor) => verifyDestinationById(destinationId, { init: true }, actor));
}
