/* POST (operator+) {scope, paths?, targetEnvironmentId?, mode?, sourceMap?} → what that restore would change:
 * files replaced, brought back, removed (mirror) or kept (merge) as added since, excluded paths left
 * alone, databases replaced. Read-only (not audited: it changes nothing). */
import { apiRoute } from "@/lib/http";
import { previewRestore } from "@/lib/restores/preview";
import { ZRestorePreviewBody } from "@/lib/restores/schema";

export const POST = apiRoute("operator", async ({ params, body }) =>
  previewRestore(params.id!, await body(ZRestorePreviewBody)),
);
