/* Test helpers for *.db.test.ts (not used by the app): users of every role with real API tokens, and a
 * way to call a route handler exactly as Next.js would (a real Request, params as a promise). */
import { ZCreateUser } from "@/lib/users/create-user";
import { insertUser } from "@/lib/users/create-user";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor, Role } from "./roles";

export type TestUser = { actor: Actor; token: string; email: string; password: string };

export async function seedUser(
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`,
): Promise<TestUser> {
  const password = `pw-${role}-correct-horse`;
  const row = await insertUser(ZCreateUser.parse({ email, password, role }));
  const actor: Actor = { id: row.id, email: row.email, role, via: "token" };
  const { token } = await createApiToken({ name: `${role} test token` }, actor);
  return { actor, token, email: row.email, password };
}

export async function seedRoles(): Promise<Record<Role, TestUser>> {
  return { admin: await seedUser("admin"), operator: await seedUser("operator"), viewer: await seedUser("viewer") };
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function call(
  handler: Handler,
  opts: {
    method?: string;
    path?: string;
    token?: string;
    body?: unknown;
    rawBody?: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; json: any; text: string }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const req = new Request(`http://127.0.0.1${opts.path ?? "/api/v1/test"}`, {
    method: opts.method ?? "GET",
    headers,
    body,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}
