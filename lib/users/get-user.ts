/* Reads users (never the password hash). */
import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { toUserView, type UserView } from "./user-view";

export async function getUserRow(id: string) {
  const row = isUuid(id) ? (await getDb().select().from(users).where(eq(users.id, id)))[0] : undefined;
  if (!row) throw new AppError("not_found", "This user does not exist (they may have been deleted).");
  return row;
}

export async function getUser(id: string): Promise<UserView> {
  return toUserView(await getUserRow(id));
}

export async function listUsers(): Promise<UserView[]> {
  return (await getDb().select().from(users).orderBy(asc(users.email))).map(toUserView);
}
