/* The one-time setup action: creates the first admin while no user exists (lib/users refuses once any
 * user exists, under an advisory lock). Nobody is signed in yet, so there is no role to check; the
 * service's "no user exists" rule is the check. Same zod schema as the service. */
"use server";
import { headers } from "next/headers";
import { clientIp } from "@/lib/auth";
import type { ActionResult } from "@/lib/http";
import { toPublicError, validationError } from "@/lib/http";
import { createFirstAdmin, ZCreateFirstAdmin } from "@/lib/users";

export async function createFirstAdminAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  try {
    const parsed = ZCreateFirstAdmin.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error);
    const user = await createFirstAdmin(parsed.data, { ip: clientIp(await headers()), via: "setup" });
    return { ok: true, data: { email: user.email } };
  } catch (e) {
    return { ok: false, error: toPublicError(e, "setup").error };
  }
}
