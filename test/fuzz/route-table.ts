/* The REST v1 route handlers by OpenAPI path: every endpoint of lib/openapi ENDPOINTS found as the
 * exported method of its `app/api/v1/<path>/route.ts` (path parameters `{id}` ↔ folders `[id]`). */
import { ENDPOINTS, type Endpoint } from "@/lib/openapi/endpoints";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RoutedEndpoint = Endpoint & { handler: Handler };

const modules = import.meta.glob<Record<string, Handler>>("/app/api/v1/**/route.ts");

function fileOf(path: string): string {
  return `/app/api/v1${path.replace(/\{(\w+)\}/g, "[$1]")}/route.ts`;
}

export async function routedEndpoints(): Promise<RoutedEndpoint[]> {
  const out: RoutedEndpoint[] = [];
  for (const e of ENDPOINTS) {
    const load = modules[fileOf(e.path)];
    if (!load) throw new Error(`No route file for ${e.method.toUpperCase()} ${e.path} (expected ${fileOf(e.path)})`);
    const handler = (await load())[e.method.toUpperCase()];
    if (!handler) throw new Error(`${fileOf(e.path)} exports no ${e.method.toUpperCase()}`);
    out.push({ ...e, handler });
  }
  return out;
}
