/* Server actions for destinations, used by the Destinations page and by Backup Settings' inline "add"
 * (one create for both). Thin: runAction checks the role (admin: destinations are settings), validates
 * with the operation's schema (the REST API's) and calls one lib/destinations service. "Verify
 * connection" of a saved destination runs the engine's verifyDestination against the real repository
 * (creating it when the place is empty) and returns {ok:true, initialized, created} or {ok:false,
 * problem, message}; verifying an unsaved one (the inline form) never creates anything. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { requestCheck } from "@/lib/proof/checks/request-check";
import {
  createDestination,
  deleteDestination,
  updateDestination,
  ZCreateDestination,
  ZUpdateDestination,
} from "@/lib/destinations";
import { verifyDestinationById } from "@/lib/destinations/verify-destination";
import { verifyDestinationInput, ZVerifyDestinationInput } from "@/lib/destinations/verify-destination-input";

const ZId = z.string().min(1).max(100);

export async function createDestinationAction(input: unknown) {
  return runAction("admin", ZCreateDestination, input, (data, actor) => createDestination(data, actor), {
    action: "destination.create",
  });
}

export async function updateDestinationAction(id: string, input: unknown) {
  return runAction("admin", ZUpdateDestination, input, (data, actor) => updateDestination(ZId.parse(id), data, actor));
}

export async function deleteDestinationAction(id: string) {
  return runAction("admin", ZId, id, (destinationId, actor) => deleteDestination(destinationId, actor));
}

export async function verifyDestinationAction(id: string) {
  return runAction("admin", ZId, id, (destinationId, actor) =>
    verifyDestinationById(destinationId, { init: true }, actor),
  );
}

export async function verifyNewDestinationAction(input: unknown) {
  return runAction("admin", ZVerifyDestinationInput, input, (d) => verifyDestinationInput(d), {
    action: "destination.verify",
  });
}

export async function checkDestinationAction(id: string) {
  return runAction("admin", ZId, id, (destinationId, actor) => requestCheck(destinationId, "subset", actor));
}
