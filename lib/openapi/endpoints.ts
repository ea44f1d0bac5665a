/* The list of REST v1 endpoints with the zod schema of each request body/query, from which the OpenAPI
 * document is generated. When a route is added under app/api/v1, add it here (the openapi test checks
 * that every route file is listed). Response shapes are described in words and examples (API.md). The
 * backup, restore and job endpoints are in backup-endpoints.ts, alerts and channels in alert-endpoints.ts. */
import { z } from "zod";
import { ZCreateProject, ZUpdateProject } from "@/lib/projects";
import { ZCreateEnvironment, ZUpdateEnvironment } from "@/lib/environments";
import { ZCreateSource, ZUpdateSource } from "@/lib/sources";
import { ZTestSource } from "@/lib/sources/test-source/schema";
import { ZCreateDestination, ZUpdateDestination, ZVerifyDestination, ZRecoveryKitRequest } from "@/lib/destinations";
import { ZChangePassword, ZCreateUser, ZUpdateUser } from "@/lib/users";
import { ZTokenSignIn } from "@/lib/api-tokens";
import { ZListAudit } from "@/lib/audit/list-audit";
import { ZReportQuery } from "@/lib/reports/schema";
import { ALERT_ENDPOINTS } from "./alert-endpoints";
import { TELL_ENDPOINTS } from "./tell-endpoints";
import { BACKUP_ENDPOINTS } from "./backup-endpoints";
import { DR_ENDPOINTS } from "./dr-endpoints";
import { TEST_RESTORE_ENDPOINTS } from "./test-restore-endpoints";
import { CHECK_ENDPOINTS } from "./check-endpoints";
import { PITR_ENDPOINTS } from "./pitr-endpoints";
import { KEY_ENDPOINTS } from "./key-endpoints";
import { created, type Endpoint, noContent, ok } from "./endpoint-types";

export type { Endpoint } from "./endpoint-types";

const ZAll = z.object({ all: z.enum(["true", "false"]).optional() });

export const ENDPOINTS: Endpoint[] = [
  {
    method: "post",
    path: "/auth/token",
    tag: "auth",
    summary:
      "Create an API token with e-mail and password (rate limited); optionally read-only, limited to projectIds, expiring at expiresAt",
    role: null,
    body: ZTokenSignIn,
    success: created("{token, id}: the token is shown only this once"),
  },
  {
    method: "get",
    path: "/auth/token",
    tag: "auth",
    summary: "List your API tokens (admins: ?all=true)",
    role: "viewer",
    query: ZAll,
    success: ok("{items: ApiToken[]}"),
  },
  {
    method: "delete",
    path: "/auth/token/{id}",
    tag: "auth",
    summary: "Revoke an API token (owner or admin)",
    role: "viewer",
    success: noContent,
  },
  {
    method: "post",
    path: "/account/password",
    tag: "auth",
    summary: "Change your own password (revokes your other sessions and all your API tokens)",
    role: "viewer",
    body: ZChangePassword,
    success: noContent,
  },

  {
    method: "get",
    path: "/projects",
    tag: "inventory",
    summary: "List projects",
    role: "viewer",
    success: ok("{items: Project[]}"),
  },
  {
    method: "post",
    path: "/projects",
    tag: "inventory",
    summary: "Create a project",
    role: "admin",
    body: ZCreateProject,
    success: created("Project"),
  },
  {
    method: "get",
    path: "/projects/{id}",
    tag: "inventory",
    summary: "Get a project",
    role: "viewer",
    success: ok("Project"),
  },
  {
    method: "patch",
    path: "/projects/{id}",
    tag: "inventory",
    summary: "Change a project",
    role: "admin",
    body: ZUpdateProject,
    success: ok("Project"),
  },
  {
    method: "delete",
    path: "/projects/{id}",
    tag: "inventory",
    summary: "Delete an empty project (409 names its environments)",
    role: "admin",
    success: noContent,
  },
  {
    method: "get",
    path: "/projects/{id}/environments",
    tag: "inventory",
    summary: "List a project's environments",
    role: "viewer",
    success: ok("{items: Environment[]}"),
  },
  {
    method: "post",
    path: "/projects/{id}/environments",
    tag: "inventory",
    summary: "Create an environment",
    role: "admin",
    body: ZCreateEnvironment,
    success: created("Environment"),
  },
  {
    method: "get",
    path: "/environments/{id}",
    tag: "inventory",
    summary: "Get an environment",
    role: "viewer",
    success: ok("Environment"),
  },
  {
    method: "patch",
    path: "/environments/{id}",
    tag: "inventory",
    summary: "Change an environment ({active:false} pauses its schedules)",
    role: "admin",
    body: ZUpdateEnvironment,
    success: ok("Environment"),
  },
  {
    method: "delete",
    path: "/environments/{id}",
    tag: "inventory",
    summary: "Delete an environment without sources or backups",
    role: "admin",
    success: noContent,
  },
  {
    method: "get",
    path: "/environments/{id}/sources",
    tag: "inventory",
    summary: "List an environment's sources (secrets never returned)",
    role: "viewer",
    success: ok("{items: Source[]} with hasSecret"),
  },
  {
    method: "post",
    path: "/environments/{id}/sources",
    tag: "inventory",
    summary: "Add a source (secrets are write-only)",
    role: "admin",
    body: ZCreateSource,
    success: created("Source"),
  },
  {
    method: "post",
    path: "/environments/{id}/sources/test",
    tag: "inventory",
    summary: "Test a source's settings before saving (reachable, sign-in, database, dump tool, folder)",
    role: "admin",
    body: ZTestSource,
    success: ok("{ok, checks: [{id, label, status, message}], facts: {sizeBytes?, fileCount?, …}, durationMs}"),
  },
  {
    method: "post",
    path: "/sources/{id}/test",
    tag: "inventory",
    summary: "Test a saved source with its stored settings",
    role: "operator",
    success: ok("{ok, checks: [{id, label, status, message}], facts: {…}, durationMs}"),
  },
  {
    method: "get",
    path: "/sources/{id}",
    tag: "inventory",
    summary:
      "Get a source (PostgreSQL: with `pitr: {state, message?, slotRetainedBytes?}`, the point-in-time recovery status)",
    role: "viewer",
    success: ok("Source"),
  },
  {
    method: "patch",
    path: "/sources/{id}",
    tag: "inventory",
    summary: 'Change a source (secrets merge key by key; "" removes one)',
    role: "admin",
    body: ZUpdateSource,
    success: ok("Source"),
  },
  {
    method: "delete",
    path: "/sources/{id}",
    tag: "inventory",
    summary: "Delete a source",
    role: "admin",
    success: noContent,
  },

  {
    method: "get",
    path: "/destinations",
    tag: "destinations",
    summary: "List destinations (default first)",
    role: "viewer",
    success: ok("{items: Destination[]}"),
  },
  {
    method: "post",
    path: "/destinations",
    tag: "destinations",
    summary: "Add a destination (repository password generated and sealed)",
    role: "admin",
    body: ZCreateDestination,
    success: created("Destination"),
  },
  {
    method: "get",
    path: "/destinations/{id}",
    tag: "destinations",
    summary: "Get a destination",
    role: "viewer",
    success: ok("Destination"),
  },
  {
    method: "patch",
    path: "/destinations/{id}",
    tag: "destinations",
    summary: "Change a destination",
    role: "admin",
    body: ZUpdateDestination,
    success: ok("Destination"),
  },
  {
    method: "delete",
    path: "/destinations/{id}",
    tag: "destinations",
    summary: "Delete an unused destination (409 names what uses it)",
    role: "admin",
    success: noContent,
  },
  {
    method: "post",
    path: "/destinations/{id}/verify",
    tag: "destinations",
    summary: "Check (and initialise when empty) a destination",
    role: "admin",
    body: ZVerifyDestination,
    success: ok("{ok:true, initialized, created} | {ok:false, problem, message}"),
  },
  {
    method: "post",
    path: "/destinations/{id}/recovery-kit",
    tag: "destinations",
    summary: "Recovery kit: everything needed to restore with the bare restic CLI (your password again; audited)",
    role: "admin",
    body: ZRecoveryKitRequest,
    success: ok("{repository, password, env, commands, flags, files, script}"),
  },
  ...BACKUP_ENDPOINTS,
  ...DR_ENDPOINTS,

  { method: "get", path: "/users", tag: "users", summary: "List users", role: "admin", success: ok("{items: User[]}") },
  {
    method: "post",
    path: "/users",
    tag: "users",
    summary: "Add a user",
    role: "admin",
    body: ZCreateUser,
    success: created("User"),
  },
  {
    method: "get",
    path: "/users/{id}",
    tag: "users",
    summary: "Get a user (any role may GET /users/me)",
    role: "viewer",
    success: ok("User"),
  },
  {
    method: "patch",
    path: "/users/{id}",
    tag: "users",
    summary: "Change a user's name, role, password or disabled state",
    role: "admin",
    body: ZUpdateUser,
    success: ok("User"),
  },
  { method: "delete", path: "/users/{id}", tag: "users", summary: "Delete a user", role: "admin", success: noContent },
  {
    method: "post",
    path: "/users/{id}/reset-password",
    tag: "users",
    summary: "Reset a user's password to a one-time password they must change at the next sign-in",
    role: "admin",
    success: ok("{temporaryPassword, user: User, sessionsRevoked, tokensRevoked}: the password is shown only once"),
  },
  {
    method: "get",
    path: "/audit",
    tag: "audit",
    summary: "The audit log, newest first, with filters and a cursor",
    role: "admin",
    query: ZListAudit,
    success: ok("{items: AuditEntry[], nextCursor}"),
  },
  {
    method: "get",
    path: "/reports",
    tag: "reports",
    summary: "Backup report of a period (all environments or one project's) as JSON, CSV or PDF",
    role: "viewer",
    query: ZReportQuery,
    success: ok("{period, environments: [...], recommendations: [string]}; text/csv or application/pdf by format"),
  },
  {
    method: "get",
    path: "/openapi.json",
    tag: "meta",
    summary: "This document",
    role: null,
    success: ok("OpenAPI 3.1"),
  },
  ...ALERT_ENDPOINTS,
  ...TEST_RESTORE_ENDPOINTS,
  ...CHECK_ENDPOINTS,
  ...PITR_ENDPOINTS,
  ...TELL_ENDPOINTS,
  ...KEY_ENDPOINTS,
];
