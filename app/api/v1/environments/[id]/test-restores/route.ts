/* GET (viewer+) an environment's test restores, newest first (?limit=50&cursor=…) → {items, nextCursor}. */
import { apiRoute } from "@/lib/http";
import { listTestRestores, ZListTestRestores } from "@/lib/proof/test-restore";

export const GET = apiRoute("viewer", async ({ params, query }) =>
  listTestRestores(params.id!, query(ZListTestRestores)),
);
