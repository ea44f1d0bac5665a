/* GET (viewer+) one test restore: {id, backupId, status, startedAt, finishedAt, sources: [{sourceId, name,
 * status, durationSeconds, checks: [{name, status, message}]}]} (API.md §Proof). */
import { apiRoute } from "@/lib/http";
import { getTestRestore } from "@/lib/proof/test-restore";

export const GET = apiRoute("viewer", async ({ params }) => getTestRestore(params.id!));
