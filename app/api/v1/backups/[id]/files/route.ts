/* GET (viewer+) ?sourceId=…&path=/ → {path, entries: [{name, type, size, mtime}]}: one folder of a
 * backup, relative to the folder the source backed up. */
import { apiRoute } from "@/lib/http";
import { listBackupFiles, ZListBackupFiles } from "@/lib/backups";

export const GET = apiRoute("viewer", async ({ params, query }) =>
  listBackupFiles(params.id!, query(ZListBackupFiles)),
);
