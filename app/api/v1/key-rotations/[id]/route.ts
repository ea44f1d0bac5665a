/* GET one key rotation: status, the step it completed last, the old and new key ids, error. */
import { apiRoute } from "@/lib/http";
import { AppError } from "@/lib/errors";
import { getRotationRow, toRotationView } from "@/lib/keys";

export const GET = apiRoute("admin", async ({ params }) => {
  const row = await getRotationRow(params.id!);
  if (!row) throw new AppError("not_found", "This key rotation does not exist.");
  return toRotationView(row);
});
