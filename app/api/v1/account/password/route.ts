/* POST {currentPassword, newPassword} → 204: the caller changes their own password; their other panel
 * sessions and all their API tokens (also the one calling, if any) are revoked. Allowed while an admin's
 * reset is pending (it is the way out of it). */
import { publicApiRoute } from "@/lib/http";
import { requireApiActor } from "@/lib/auth/require-actor";
import { changeOwnPassword, ZChangePassword } from "@/lib/users";

export const POST = publicApiRoute(async ({ req, body }) => {
  const actor = await requireApiActor(req, "viewer", {
    allowPendingPasswordChange: true,
    action: "api POST /api/v1/account/password",
  });
  await changeOwnPassword(await body(ZChangePassword), actor);
});
