/* GET: the OpenAPI 3.1 document of this API, generated from the operations' zod schemas. Public (it
 * holds no data). */
import { publicApiRoute, json } from "@/lib/http";
import { openApiDocument } from "@/lib/openapi/document";

export const GET = publicApiRoute(async () => json(openApiDocument(), 200, { "cache-control": "public, max-age=300" }));
