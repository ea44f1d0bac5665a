/* GET: all users. POST: add a user with a role and initial password. Admin only. */
import { apiRoute, created } from "@/lib/http";
import { createUser, listUsers, ZCreateUser } from "@/lib/users";

export const GET = apiRoute("admin", async () => ({ items: await listUsers() }));

export const POST = apiRoute("admin", async ({ actor, body }) =>
  created(await createUser(await body(ZCreateUser), actor)),
);
