/* Browser-safe shapes of point-in-time recovery's reading side: the recovery window as the API returns
 * it and the body of `POST /api/v1/sources/{id}/restore-to-time`. Declared once, imported by the routes,
 * the server action, the UI and the OpenAPI document. */
import { z } from "zod";

export const ZTimeSpan = z.object({ from: z.string(), to: z.string() });
export const ZRecoveryWindow = z.object({
  ranges: z.array(ZTimeSpan),
  gaps: z.array(ZTimeSpan.extend({ missing: z.object({ first: z.string(), last: z.string() }).optional() })),
});
export type TRecoveryWindow = z.infer<typeof ZRecoveryWindow>;

const identifier = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,62}$/,
    "Use a plain table name: letters, digits and _, starting with a letter or _.",
  );

export const ZRestoreToTimeBody = z
  .object({
    time: z.union([
      z.literal("latest"),
      z.iso.datetime({
        offset: true,
        message: 'time must be an ISO 8601 date and time (e.g. "2026-12-02T14:03:27Z") or "latest".',
      }),
    ]),
    targetEnvironmentId: z.string().uuid().optional(),
    /** The database of the target's PostgreSQL server to restore into (default: the target source's). */
    targetDatabase: identifier.optional(),
    safetyBackup: z.boolean().optional(),
    /** "database" (default): the database is replaced; "table": one table copied into a new table;
     * "cluster": nothing is restored — the whole recovered cluster is prepared as a tar to download
     * (`GET /api/v1/restores/{id}/download` once the restore succeeded). */
    output: z.enum(["database", "table", "cluster"]).optional(),
    table: identifier.optional(),
    newTable: identifier.optional(),
  })
  .refine((v) => v.output !== "cluster" || (!v.targetEnvironmentId && !v.targetDatabase), {
    message: "Downloading the whole cluster restores into nothing: leave out targetEnvironmentId and targetDatabase.",
    path: ["output"],
  })
  .refine((v) => v.output !== "table" || (v.table && v.newTable), {
    message: "Restoring one table needs `table` (in the recovered database) and `newTable` (the name it gets).",
    path: ["table"],
  });
export type TRestoreToTimeBody = z.infer<typeof ZRestoreToTimeBody>;
