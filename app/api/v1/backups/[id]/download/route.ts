/* GET (viewer+, audited) ?sourceId=…&path=/…&format=tar|zip → a file or folder as a streamed archive. */
import { apiRoute } from "@/lib/http";
import { streamBackupDownload, ZBackupDownload } from "@/lib/backups";

export const GET = apiRoute("viewer", async ({ params, query, actor }) =>
  streamBackupDownload(params.id!, query(ZBackupDownload), actor),
);
