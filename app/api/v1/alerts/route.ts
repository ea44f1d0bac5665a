/* GET: alerts, newest first (?state=open|resolved|all&environmentId&kind&limit&cursor). */
import { listAlerts, ZListAlerts } from "@/lib/alerts";
import { apiRoute } from "@/lib/http";

export const GET = apiRoute("viewer", async ({ query }) => listAlerts(query(ZListAlerts)));
