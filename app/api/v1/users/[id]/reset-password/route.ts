/* POST (admin) → {temporaryPassword, user, sessionsRevoked, tokensRevoked}: a one-time password the user
 * must change at their next sign-in; their sessions and tokens are revoked. Shown once. */
import { apiRoute } from "@/lib/http";
import { resetUserPassword } from "@/lib/users";

export const POST = apiRoute("admin", async ({ params, actor }) => resetUserPassword(params.id!, actor));
