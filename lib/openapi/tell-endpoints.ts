/* The "tell" endpoints of REST v1 for the OpenAPI document: e-mailed reports and alert-rule overrides
 * per project and environment (kept apart from endpoints.ts so their module owns the list). */
import { ZRuleOverridesInput } from "@/lib/alerts/overrides/schema";
import { ZStorageSettings } from "@/lib/destinations/storage/schema";
import { ZReportMailSettings } from "@/lib/reports/mail/schema";
import type { Endpoint } from "./endpoint-types";

export const TELL_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/reports/mail",
    tag: "reports",
    summary: "The e-mailed reports setting (cadence, addresses, project, e-mail channel) and the last period sent",
    role: "admin",
    success: { status: 200, description: "{settings, lastSentPeriod}" },
  },
  {
    method: "put",
    path: "/reports/mail",
    tag: "reports",
    summary: "Set the weekly or monthly report e-mail",
    role: "admin",
    body: ZReportMailSettings,
    success: { status: 200, description: "{settings, lastSentPeriod}" },
  },
  {
    method: "get",
    path: "/environments/{id}/alert-rules",
    tag: "alerts",
    summary:
      "Effective alert rules of an environment; `inherited` names the fields that come from the project or the defaults",
    role: "viewer",
    success: { status: 200, description: "{rules: [{kind, enabled, threshold?, inherited: {enabled, threshold}}]}" },
  },
  {
    method: "put",
    path: "/environments/{id}/alert-rules",
    tag: "alerts",
    summary: "Override alert rules for an environment (a field left out inherits)",
    role: "operator",
    body: ZRuleOverridesInput,
    success: { status: 200, description: "{rules}" },
  },
  {
    method: "get",
    path: "/projects/{id}/alert-rules",
    tag: "alerts",
    summary: "Effective alert rules of a project (inherits the defaults)",
    role: "viewer",
    success: { status: 200, description: "{rules}" },
  },
  {
    method: "put",
    path: "/projects/{id}/alert-rules",
    tag: "alerts",
    summary: "Override alert rules for every environment of a project",
    role: "operator",
    body: ZRuleOverridesInput,
    success: { status: 200, description: "{rules}" },
  },
  {
    method: "get",
    path: "/destinations/{id}/storage-settings",
    tag: "destinations",
    summary: "A destination's storage budget (GiB) and price per GiB-month",
    role: "viewer",
    success: { status: 200, description: "{budgetGib, pricePerGibMonth}" },
  },
  {
    method: "put",
    path: "/destinations/{id}/storage-settings",
    tag: "destinations",
    summary: "Set the storage budget (storage_low, forecast) and the price (reports' cost estimate)",
    role: "admin",
    body: ZStorageSettings,
    success: { status: 200, description: "{budgetGib, pricePerGibMonth}" },
  },
];
