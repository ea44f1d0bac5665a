/* GET ?sourceId=…&path=/…&format=tar|zip → a file or folder as a streamed archive. Operator and above:
 * the service's ensureCanDownload answers a viewer 403 with the reason (and audits it). */
import { apiRoute } from "@/lib/http";
import { streamBackupDownload, ZBackupDownload } from "@/lib/backups";

export const GET = apiRoute("viewer", async ({ params, query, actor }) =>
  streamBackupDownload(params.id!, query(ZBackupDownload), actor),
);
