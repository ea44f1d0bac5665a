/* GET (viewer+) one environment type's backup defaults (what its environments inherit, with the
 * Platform.sh `policy` list when representable); PUT (admin, audited) changes them — the backup-settings
 * body without destinations, plus maxBackups; a field left out stays, null resets it to the built-in
 * default. */
import { apiRoute } from "@/lib/http";
import { AppError } from "@/lib/errors";
import { environmentTypeOrNull, getTypePolicy, putTypePolicy } from "@/lib/backup-settings/type-policies";
import { ZTypePolicy } from "@/lib/backup-settings/type-policy-schema";

function typeOf(v: string | undefined) {
  const t = environmentTypeOrNull(v);
  if (!t)
    throw new AppError("not_found", `There is no environment type "${v}": use production, staging or development.`);
  return t;
}

export const GET = apiRoute("viewer", async ({ params }) => getTypePolicy(typeOf(params.type)));

export const PUT = apiRoute("admin", async ({ params, body, actor }) => {
  const type = typeOf(params.type);
  return putTypePolicy(type, await body(ZTypePolicy), actor);
});
