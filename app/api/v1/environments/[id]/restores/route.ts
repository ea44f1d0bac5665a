/* GET (viewer+) the restores into this environment, newest first (?limit=50&cursor=…): who, when, what,
 * from which backup, result, duration, safety backup and whether Undo is still possible. */
import { apiRoute } from "@/lib/http";
import { listRestores, ZListRestores } from "@/lib/restores/list-restores";

export const GET = apiRoute("viewer", async ({ params, query }) => listRestores(params.id!, query(ZListRestores)));
