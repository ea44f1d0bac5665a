/* GET: the environment's effective alert rules (which fields are inherited, and from where). PUT: replace its
 * overrides (a kind or field left out inherits: project, then defaults). Viewers read, operators change. */
import { getRuleOverrides, putRuleOverrides } from "@/lib/alerts/overrides/store";
import { ZRuleOverridesInput } from "@/lib/alerts/overrides/schema";
import { apiRoute } from "@/lib/http";

export const GET = apiRoute("viewer", async ({ params }) => getRuleOverrides("environment", params.id!));

export const PUT = apiRoute("operator", async ({ actor, body, params }) =>
  putRuleOverrides("environment", params.id!, await body(ZRuleOverridesInput), actor),
);
