/* GET one integrity check: status, what it read, errors, damaged packs and the backups that use them. */
import { apiRoute } from "@/lib/http";
import { getCheck } from "@/lib/proof/checks/check-view";

export const GET = apiRoute("viewer", async ({ params }) => getCheck(params.id!));
