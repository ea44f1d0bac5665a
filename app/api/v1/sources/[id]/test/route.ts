/* POST (operator+) → 200 SourceTestResult: tests a saved source with its stored settings and secrets. */
import { apiRoute } from "@/lib/http";
import { testSavedSource } from "@/lib/sources/test-source";

export const POST = apiRoute("operator", async ({ params, actor }) => testSavedSource(params.id!, actor));
