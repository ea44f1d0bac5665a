/* Reads the audit log newest first with filters (actor email, action prefix, target, outcome, time range)
 * and a keyset cursor (createdAt + id) so paging stays stable while new entries arrive. */
import "server-only";
import { and, desc, eq, gte, ilike, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ZNoNulText } from "@/lib/validation/nul-bytes";
import { getDb } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { resolveTargetLabels } from "./target-labels";

export const ZListAudit = z.object({
  actor: ZNoNulText.trim().max(200).optional(),
  action: ZNoNulText.trim().max(100).optional(),
  targetType: ZNoNulText.trim().max(50).optional(),
  targetId: ZNoNulText.trim().max(100).optional(),
  outcome: z.enum(["success", "failure", "denied"]).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZNoNulText.max(200).optional(),
});
export type TListAudit = z.input<typeof ZListAudit>;

export type AuditView = {
  id: string;
  actorId: string | null;
  actorEmail: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  outcome: "success" | "failure" | "denied";
  details: Record<string, unknown> | null;
  ip: string | null;
  createdAt: string;
};

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError("validation_failed", "The cursor is not valid; start again from the first page.", {
      cursor: "Invalid cursor",
    });
  }
  return { createdAt, id };
}

export async function listAudit(input: TListAudit = {}): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  const q = ZListAudit.parse(input);
  const where: (SQL | undefined)[] = [];
  if (q.actor) where.push(ilike(auditLog.actorEmail, `%${q.actor.replace(/[%_\\]/g, "\\$&")}%`));
  if (q.action) where.push(ilike(auditLog.action, `${q.action.replace(/[%_\\]/g, "\\$&")}%`));
  if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
  if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
  if (q.outcome) where.push(eq(auditLog.outcome, q.outcome));
  if (q.since) where.push(gte(auditLog.createdAt, q.since));
  if (q.until) where.push(lte(auditLog.createdAt, q.until));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(
      or(lt(auditLog.createdAt, c.createdAt), and(eq(auditLog.createdAt, c.createdAt), lt(auditLog.id, c.id))),
    );
  }
  const rows = await getDb()
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const labels = await resolveTargetLabels(page);
  return {
    items: page.map((r) => ({
      ...r,
      targetName: labels.get(`${r.targetType}:${r.targetId}`) ?? r.targetName,
      outcome: r.outcome,
      details: r.details ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
