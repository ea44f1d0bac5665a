/* GET: the project's effective alert rules (which fields are inherited, and from where). PUT: replace its
 * overrides (a kind or field left out inherits the defaults). Viewers read, operators change. */
import { getRuleOverrides, putRuleOverrides } from "@/lib/alerts/overrides/store";
import { ZRuleOverridesInput } from "@/lib/alerts/overrides/schema";
import { apiRoute } from "@/lib/http";

export const GET = apiRoute("viewer", async ({ params }) => getRuleOverrides("project", params.id!));

export const PUT = apiRoute("operator", async ({ actor, body, params }) =>
  putRuleOverrides("project", params.id!, await body(ZRuleOverridesInput), actor),
);
