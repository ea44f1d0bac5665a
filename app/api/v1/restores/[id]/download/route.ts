/* GET → the whole cluster of a restore to a time with output "cluster", as a streamed tar of its data
 * directory (operator+, audited; lib/pitr/restore/stream-cluster-download.ts). */
import { apiRoute } from "@/lib/http";
import { streamClusterDownload } from "@/lib/pitr/restore/stream-cluster-download";

export const GET = apiRoute("viewer", async ({ params, actor }) => streamClusterDownload(params.id!, actor));
