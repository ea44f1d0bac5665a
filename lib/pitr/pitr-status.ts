/* A source's PITR status for the API and pages: "off" unless its config turns PITR on, else what its
 * stream's holder last wrote (no row yet: "starting"). */
import "server-only";
import { inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { pitrStreams, type sources } from "@/lib/db/schema";
import type { PitrStatus } from "./schema";

type SourceRow = Pick<typeof sources.$inferSelect, "id" | "type" | "config">;

export const pitrEnabled = (row: Pick<SourceRow, "type" | "config">) =>
  row.type === "postgres" && (row.config.pitr as { enabled?: boolean } | undefined)?.enabled === true;

export async function pitrStatuses(rows: SourceRow[]): Promise<Map<string, PitrStatus>> {
  const out = new Map<string, PitrStatus>();
  const pg = rows.filter((r) => r.type === "postgres");
  if (!pg.length) return out;
  const on = pg.filter(pitrEnabled).map((r) => r.id);
  const streams = on.length ? await getDb().select().from(pitrStreams).where(inArray(pitrStreams.sourceId, on)) : [];
  const byId = new Map(streams.map((s) => [s.sourceId, s]));
  for (const r of pg) {
    const s = byId.get(r.id);
    if (!pitrEnabled(r)) out.set(r.id, { state: "off" });
    else if (!s) out.set(r.id, { state: "starting" });
    else
      out.set(r.id, {
        state: s.state,
        ...(s.message ? { message: s.message } : {}),
        ...(s.slotRetainedBytes !== null ? { slotRetainedBytes: s.slotRetainedBytes } : {}),
      });
  }
  return out;
}
