/* GET (viewer+) the backup defaults of every environment type (production, staging, development). */
import { apiRoute } from "@/lib/http";
import { listTypePolicies } from "@/lib/backup-settings/type-policies";

export const GET = apiRoute("viewer", async () => ({ items: await listTypePolicies() }));
