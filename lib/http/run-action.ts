/* The wrapper every server action goes through: authorise with requireActor(minRole), validate the
 * input with the operation's zod schema, call one service, and return an ActionResult (never throw to
 * the browser). Next.js control flow (redirect(), notFound()) is re-thrown so it still works.
 *
 *   export async function createProjectAction(input: TCreateProject) {
 *     return runAction("admin", ZCreateProject, input, (data, actor) => createProject(data, actor));
 *   }
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireActor } from "@/lib/auth/require-actor";
import type { Actor, Role } from "@/lib/auth/roles";
import { assertNoNulBytes } from "@/lib/validation/nul-bytes";
import type { ActionResult } from "./action-result";
import { toPublicError, validationError } from "./error-mapping";

export async function runActionAs<S extends z.ZodType, T>(
  getActor: () => Promise<Actor>,
  schema: S,
  input: unknown,
  fn: (data: z.output<S>, actor: Actor) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    const actor = await getActor();
    assertNoNulBytes(input);
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error);
    return { ok: true, data: await fn(parsed.data, actor) };
  } catch (e) {
    unstable_rethrow(e);
    return { ok: false, error: toPublicError(e, "server action").error };
  }
}

export function runAction<S extends z.ZodType, T>(
  minRole: Role,
  schema: S,
  input: unknown,
  fn: (data: z.output<S>, actor: Actor) => Promise<T>,
  opts: { action?: string } = {},
): Promise<ActionResult<T>> {
  return runActionAs(() => requireActor(minRole, { action: opts.action ?? "server action" }), schema, input, fn);
}
