/* Reads destinations (secrets and repository password never included). */
import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { toDestinationView, type DestinationView } from "./destination-view";

export async function getDestinationRow(id: string) {
  const row = isUuid(id) ? (await getDb().select().from(destinations).where(eq(destinations.id, id)))[0] : undefined;
  if (!row) throw new AppError("not_found", "This destination does not exist (it may have been deleted).");
  return row;
}

export async function getDestination(id: string): Promise<DestinationView> {
  return toDestinationView(await getDestinationRow(id));
}

/** Default first, then by name. */
export async function listDestinations(): Promise<DestinationView[]> {
  const rows = await getDb().select().from(destinations).orderBy(desc(destinations.isDefault), asc(destinations.name));
  return rows.map(toDestinationView);
}

export async function getDefaultDestination(): Promise<DestinationView | null> {
  const [row] = await getDb().select().from(destinations).where(eq(destinations.isDefault, true)).limit(1);
  return row ? toDestinationView(row) : null;
}
