/* The body of POST /api/v1/backups/{id}/restore: the operation's one schema, ZCreateRestore, without
 * backupId (which comes from the URL). zod 4 refuses .omit() on an object with refinements, so the
 * fields are taken from its shape; createRestore parses the whole ZCreateRestore again, refinements
 * (e.g. scope "paths" needs paths) included. Nothing of its own: a field or limit added to
 * ZCreateRestore reaches REST and the OpenAPI document by itself. */
import { z } from "zod";
import { ZCreateRestore } from "./create-restore";

export const ZRestoreBackupBody = z.object(ZCreateRestore.shape).omit({ backupId: true });
export type TRestoreBackupBody = z.input<typeof ZRestoreBackupBody>;
