/* The wrapper every /api/v1 route handler goes through: authorise (requireApiActor with the route's
 * minimum role), parse the body/query with the operation's zod schema, call the service, and map what
 * it throws to the API.md error JSON. A scoped token's body is held to its projects as its URL is
 * (lib/api-tokens/token-scope.ts). Bad input is always a 4xx (malformed JSON, wrong types, unknown
 * ids); only a real bug is a 500, logged with its stack and answered with a generic message.
 *
 *   export const POST = apiRoute("admin", async ({ body, actor }) =>
 *     created(await createProject(await body(ZCreateProject), actor)));
 *
 * A handler returns a Response (passed through), undefined (204) or data (200 JSON). */
import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { type RequireOptions, requireApiActor, requireBodyInScope } from "@/lib/auth/require-actor";
import type { Actor, Role } from "@/lib/auth/roles";
import { assertNoNulBytes } from "@/lib/validation/nul-bytes";
import { readBodyText } from "./bounded-body";
import { toPublicError, validationError } from "./error-mapping";

export type ApiContext = {
  req: Request;
  params: Record<string, string>;
  /** Parses the JSON body with `schema`; malformed JSON or a failed check is a 400 with field messages. */
  body<S extends z.ZodType>(schema: S): Promise<z.output<S>>;
  /** Parses the query string (each parameter once; repeated ones as arrays) with `schema`. */
  query<S extends z.ZodType>(schema: S): z.output<S>;
};
export type ApiHandler = (ctx: ApiContext & { actor: Actor }) => Promise<unknown>;
export type PublicApiHandler = (ctx: ApiContext) => Promise<unknown>;
type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

export function created(data: unknown): Response {
  return json(data, 201);
}

export function errorResponse(e: unknown, context?: string): Response {
  const { status, error } = toPublicError(e, context);
  return json({ error }, status);
}

async function readJson(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("validation_failed", "The request body is not valid JSON.", { _: "Malformed JSON" });
  }
  assertNoNulBytes(value);
  return value;
}

/** `scoped`: the signed-in actor, whose token scope the parsed body is held to (a target environment). */
function makeContext(
  req: Request,
  params: Record<string, string>,
  scoped?: { actor: Actor; opts: RequireOptions },
): ApiContext {
  return {
    req,
    params,
    async body(schema) {
      const raw = await readJson(req);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error);
      if (scoped) await requireBodyInScope(scoped.actor, req, parsed.data, scoped.opts);
      return parsed.data;
    },
    query(schema) {
      const url = new URL(req.url);
      const raw: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        raw[key] = all.length > 1 ? all : all[0]!;
      }
      assertNoNulBytes(raw);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error);
      return parsed.data;
    },
  };
}

async function resolveParams(ctx?: RouteContext): Promise<Record<string, string>> {
  const p = ctx?.params ? await ctx.params : {};
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return json(result);
}

/** How a refusal of the route is audited: the operation's action name and its target (from the URL). */
export type ApiRouteAudit = {
  action: string;
  target?: (params: Record<string, string>) => { type: string; id?: string | null };
};

/** A route handler for callers with at least `minRole` (Bearer token or panel session). The role is
 * checked here and only here: the service it calls trusts the actor. */
export function apiRoute(minRole: Role, handler: ApiHandler, audit?: ApiRouteAudit) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      const params = await resolveParams(ctx);
      const opts = audit ? { action: audit.action, ...(audit.target ? { target: audit.target(params) } : {}) } : {};
      const actor = await requireApiActor(req, minRole, opts);
      return toResponse(await handler({ ...makeContext(req, params, { actor, opts }), actor }));
    } catch (e) {
      return errorResponse(e, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
}

/** A route handler that needs no sign-in (token creation, which checks the password itself). */
export function publicApiRoute(handler: PublicApiHandler) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      return toResponse(await handler(makeContext(req, await resolveParams(ctx))));
    } catch (e) {
      return errorResponse(e, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
}
