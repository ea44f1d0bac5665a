/* POST: exchange e-mail + password for an API token (rate limited like sign-in; the token is shown once),
 * optionally narrowed: read-only, some projects, an expiry (lib/api-tokens/token-scope.ts).
 * GET: the caller's own tokens (admins: `?all=true` for everyone's). */
import { z } from "zod";
import { apiRoute, created, publicApiRoute } from "@/lib/http";
import { authenticateCredentials, clientIp } from "@/lib/auth";
import { createApiToken, listApiTokens, ZTokenSignIn } from "@/lib/api-tokens";

export const POST = publicApiRoute(async ({ req, body }) => {
  const input = await body(ZTokenSignIn);
  const ip = clientIp(req.headers);
  const user = await authenticateCredentials(input, { ip, purpose: "token" });
  const token = await createApiToken(
    {
      name: input.name ?? "",
      readOnly: input.readOnly,
      ...(input.projectIds ? { projectIds: input.projectIds } : {}),
      ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
    },
    { id: user.id, email: user.email, role: user.role, via: "session", ip },
  );
  return created({ token: token.token, id: token.id });
});

export const GET = apiRoute("viewer", async ({ actor, query }) => {
  const q = query(z.object({ all: z.enum(["true", "false"]).optional() }));
  return { items: await listApiTokens(actor, { all: q.all === "true" }) };
});
