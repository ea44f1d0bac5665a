/* GET (viewer+) the effective backup settings with nextRuns, inherited fields and the policy in words;
 * PUT (admin, audited) replaces them — a field left out or null inherits the environment type's default. */
import { apiRoute } from "@/lib/http";
import { getBackupSettings, putBackupSettings, ZBackupSettings } from "@/lib/backup-settings";

export const GET = apiRoute("viewer", async ({ params }) => getBackupSettings(params.id!));

export const PUT = apiRoute("admin", async ({ params, body, actor }) =>
  putBackupSettings(params.id!, await body(ZBackupSettings), actor),
);
