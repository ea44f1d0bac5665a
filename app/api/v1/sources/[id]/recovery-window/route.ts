/* GET (viewer) → {ranges: [{from, to}], gaps: [{from, to, missing}]}: the times this PostgreSQL source can
 * be restored to (lib/pitr/inventory/source-window.ts). */
import { apiRoute } from "@/lib/http";
import { getRecoveryWindow } from "@/lib/pitr/inventory/source-window";

export const GET = apiRoute("viewer", async ({ params }) => getRecoveryWindow(params.id!));
