/* GET / PATCH / DELETE one user (admin). `GET /api/v1/users/me` returns the caller, for any role. */
import { apiRoute } from "@/lib/http";
import { ensureRole } from "@/lib/auth";
import { deleteUser, getUser, updateUser, ZUpdateUser } from "@/lib/users";

export const GET = apiRoute("viewer", async ({ actor, params }) => {
  if (params.id === "me" || params.id === actor.id) return getUser(actor.id!);
  await ensureRole(actor, "admin", { action: "user.read" });
  return getUser(params.id!);
});

export const PATCH = apiRoute("admin", async ({ actor, params, body }) =>
  updateUser(params.id!, await body(ZUpdateUser), actor),
);

export const DELETE = apiRoute("admin", async ({ actor, params }) => {
  await deleteUser(params.id!, actor);
});
