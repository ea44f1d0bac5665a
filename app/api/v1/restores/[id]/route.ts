/* GET (viewer+) one restore: status, backup, target, safety backup, progress, error. */
import { apiRoute } from "@/lib/http";
import { getRestore } from "@/lib/restores";

export const GET = apiRoute("viewer", async ({ params }) => getRestore(params.id!));
