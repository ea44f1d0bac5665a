/* POST (admin) {type, config, secrets?, sourceId?, name?} → 200 SourceTestResult: tests settings before
 * they are saved (reachable, sign-in, database, dump tool; folder/file exists and is readable). */
import { apiRoute } from "@/lib/http";
import { testSourceSettings, ZTestSource } from "@/lib/sources/test-source";

export const POST = apiRoute("admin", async ({ params, body, actor }) =>
  testSourceSettings(params.id!, await body(ZTestSource), actor),
);
