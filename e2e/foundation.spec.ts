/* Issue 2's end-to-end proof, in real Chromium against a production build on embedded PGlite:
 *  1. (sign-in errors are in sign-in.spec.ts)
 *  2. an admin creates a project, a production environment, a PostgreSQL source and a local destination
 *     through the UI; each is checked through the REST API (persisted state, secrets absent), and each
 *     appears in the audit log
 *  3. a viewer (created through the API) sees no mutating controls; a forged server-action call and a
 *     forged API call by the viewer are refused (forbidden / 403) and change nothing (checked via API)
 * Every screen is saved under artifacts/screenshots/foundation-*.png. */
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { apiAs, E2E, items, shot, signIn, type Api } from "./fixtures/lifeboat";

const PROJECT = "Acme Shop";
const PROJECT_SLUG = "acme-shop";
const DB_PASSWORD = "pg-Secret-e2e-7731";
const VIEWER = { email: "viewer@lifeboat.test", password: "viewer-password-123" };

type Captured = { url: string; actionId: string; body: string; routerState?: string };
let admin: Api;
let captured: Captured | null = null;
let projectId = "";
let environmentId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-admin");
});

test.afterAll(async () => {
  await admin?.dispose();
});

async function openRowMenu(page: Page, testId: string) {
  await page.getByTestId(testId).click();
}

test("admin creates project, production environment, PostgreSQL source and local destination", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await shot(page, "foundation-04-dashboard");

  // Project (and capture the server-action request for the forged call later).
  await page.getByTestId("nav-projects").click();
  await expect(page).toHaveURL(/\/projects$/);
  // Other specs may share this server; the empty state is only expected on a fresh one.
  if (items((await admin.get("/projects")).body).length === 0)
    await expect(page.getByTestId("empty-state")).toContainText("No projects yet");
  else await expect(page.getByTestId("projects-table")).toBeVisible();
  await shot(page, "foundation-05-projects");
  page.on("request", (req) => {
    const id = req.headers()["next-action"];
    if (id && req.method() === "POST" && !captured && (req.postData() ?? "").includes(PROJECT)) {
      captured = {
        url: req.url(),
        actionId: id,
        body: req.postData() ?? "",
        routerState: req.headers()["next-router-state-tree"],
      };
    }
  });
  await page.getByTestId("new-project").click();
  const dialog = page.getByTestId("project-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Slug").fill("Not A Slug!");
  await dialog.getByLabel("Name").fill(PROJECT);
  await dialog.getByTestId("project-submit").click();
  await expect(dialog.getByTestId("field-error-slug")).toBeVisible(); // server's zod message next to the field
  await expect(dialog.getByLabel("Name")).toHaveValue(PROJECT); // typed values kept
  await shot(page, "foundation-06-project-dialog-error", { fullPage: false });
  await dialog.getByLabel("Slug").fill("");
  await dialog.getByTestId("project-submit").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${PROJECT_SLUG}$`));
  const projects = items<{ id: string; name: string; slug: string }>((await admin.get("/projects")).body);
  const project = projects.find((p) => p.slug === PROJECT_SLUG);
  expect(project?.name).toBe(PROJECT);
  projectId = project!.id;
  expect(captured, "the create-project server action request was seen").not.toBeNull();

  // Production environment.
  await shot(page, "foundation-07-project-empty");
  await page.getByTestId("new-environment").click();
  const envDialog = page.getByTestId("environment-dialog");
  await envDialog.getByLabel("Name").fill("production");
  await envDialog.getByTestId("input-type").selectOption("production");
  await envDialog.getByTestId("input-timezone").fill("Europe/Berlin");
  await shot(page, "foundation-08-environment-dialog", { fullPage: false });
  await envDialog.getByTestId("environment-submit").click();
  await expect(page.getByTestId("environment-row-production")).toBeVisible();
  const envs = items<{ id: string; name: string; type: string; timezone: string; active: boolean }>(
    (await admin.get(`/projects/${projectId}/environments`)).body,
  );
  expect(envs).toHaveLength(1);
  expect(envs[0]).toMatchObject({ name: "production", type: "production", timezone: "Europe/Berlin", active: true });
  environmentId = envs[0]!.id;
  await shot(page, "foundation-09-project-with-environment");

  // PostgreSQL source on the Sources tab.
  await page.goto(`/projects/${PROJECT_SLUG}/environments/production/sources`);
  await expect(page.getByTestId("environment-title")).toContainText(PROJECT);
  await expect(page.getByTestId("environment-title")).toContainText("production");
  await expect(page.getByTestId("tab-sources")).toHaveAttribute("aria-current", "page");
  await shot(page, "foundation-10-sources-empty");
  await page.getByTestId("new-source").click();
  const srcDialog = page.getByTestId("source-dialog");
  await srcDialog.getByLabel("Name").fill("main db");
  await srcDialog.getByTestId("input-type").selectOption("postgres");
  // Host and port start with their real defaults; database and user are empty, and both are named at once.
  await expect(srcDialog.getByLabel("Host")).toHaveValue("127.0.0.1");
  await srcDialog.getByTestId("source-submit").click();
  await expect(srcDialog.getByTestId("field-error-config.database")).toBeVisible();
  await expect(srcDialog.getByTestId("field-error-config.user")).toBeVisible();
  await expect(srcDialog.getByLabel("Name")).toHaveValue("main db");
  await srcDialog.getByLabel("Host").fill("127.0.0.1");
  await srcDialog.getByLabel("Port").fill("5432");
  await srcDialog.getByLabel("Database").fill("acme");
  await srcDialog.getByLabel("User").fill("postgres");
  await srcDialog.getByLabel("Password", { exact: true }).fill(DB_PASSWORD);
  await shot(page, "foundation-11-source-dialog", { fullPage: false });
  await srcDialog.getByTestId("source-submit").click();
  // Save tests the settings first: the database "acme" does not exist, so it offers "Save anyway".
  await expect(srcDialog.getByTestId("source-check").and(page.locator('[data-check="database"]'))).toHaveAttribute(
    "data-status",
    "failed",
  );
  await expect(srcDialog.getByTestId("source-submit")).toHaveText("Save anyway");
  await srcDialog.getByTestId("source-submit").click();
  await expect(page.getByTestId("source-row-main db")).toBeVisible();
  await expect(page.getByTestId("source-row-main db").getByTestId("secret-set")).toBeVisible();
  expect(await page.content()).not.toContain(DB_PASSWORD);
  await shot(page, "foundation-12-sources");
  const srcRes = await admin.get(`/environments/${environmentId}/sources`);
  expect(srcRes.status).toBe(200);
  expect(srcRes.text).not.toContain(DB_PASSWORD);
  const sources = items<{ name: string; type: string; config: Record<string, unknown>; hasSecret: boolean }>(
    srcRes.body,
  );
  expect(sources).toHaveLength(1);
  expect(sources[0]).toMatchObject({ name: "main db", type: "postgres", hasSecret: true });
  expect(sources[0]!.config).toMatchObject({ host: "127.0.0.1", port: 5432, database: "acme", user: "postgres" });

  // Editing shows the secret as set and does not need it again.
  await page.getByTestId("source-actions-main db").click();
  await page.getByTestId("source-actions-main db-edit").click();
  await expect(page.getByTestId("source-dialog").getByLabel("Password", { exact: true })).toHaveAttribute(
    "data-secret-set",
    "true",
  );
  await expect(page.getByTestId("source-dialog").getByLabel("Password", { exact: true })).toHaveValue("");
  await page.getByTestId("source-dialog").getByLabel("Database").fill("acme_live");
  await page.getByTestId("source-advanced").locator("summary").click();
  await page.getByTestId("source-dialog").getByLabel("Before the backup, run").fill("echo pausing");
  await page.getByTestId("source-submit").click();
  await expect(page.getByTestId("source-submit")).toHaveText("Save anyway"); // acme_live does not exist either
  await page.getByTestId("source-submit").click();
  await expect(page.getByTestId("source-dialog")).toBeHidden();
  const edited = items<{
    config: Record<string, unknown>;
    hasSecret: boolean;
    hooks: { pre?: { command: string } } | null;
  }>((await admin.get(`/environments/${environmentId}/sources`)).body)[0]!;
  expect(edited.config.database).toBe("acme_live");
  expect(edited.hasSecret).toBe(true); // the stored password was kept without retyping it
  expect(edited.hooks?.pre?.command).toBe("echo pausing");

  // Local destination.
  const repoPath = path.join(E2E.dataDir, "repos", "e2e-local");
  await page.getByTestId("nav-destinations").click();
  await expect(page).toHaveURL(/\/destinations$/);
  await expect(page.getByTestId("destinations-table")).toBeVisible();
  await shot(page, "foundation-13-destinations-default");
  await page.getByTestId("new-destination").click();
  const destDialog = page.getByTestId("destination-dialog");
  await destDialog.getByTestId("input-type").selectOption("s3");
  await shot(page, "foundation-14-destination-dialog-s3", { fullPage: false });
  await destDialog.getByTestId("input-type").selectOption("local");
  await destDialog.getByLabel("Name").fill("e2e local");
  await destDialog.getByLabel("Directory on this server").fill(repoPath);
  const addedAt = Date.now();
  await destDialog.getByTestId("destination-submit").click();
  await expect(page.getByTestId("destination-row-e2e local")).toBeVisible();
  // Adding it created the repository, and the panel says so.
  await expect(page.getByText("Destination e2e local added and its restic repository created")).toBeVisible();
  console.log(`add destination → row and toast: ${Date.now() - addedAt} ms`);
  await expect(page.getByTestId("destination-row-e2e local")).toContainText("created");
  await shot(page, "foundation-14b-destination-added", { fullPage: false });
  const dests = items<{ name: string; type: string; config: Record<string, unknown> }>(
    (await admin.get("/destinations")).body,
  );
  expect(dests.find((d) => d.name === "e2e local")).toMatchObject({ type: "local", config: { path: repoPath } });

  // Verify connection opens the repository and says so.
  await page.getByTestId("verify-e2e local").click();
  await expect(page.getByTestId("destination-row-e2e local").getByTestId("verify-result")).toHaveAttribute(
    "data-ok",
    "true",
    { timeout: 60_000 },
  );
  await shot(page, "foundation-15-destinations");

  // Audit log shows each creation, newest first, and filters.
  await page.getByTestId("nav-audit").click();
  await expect(page).toHaveURL(/\/audit$/);
  const rows = page.getByTestId("audit-row");
  for (const [action, name] of [
    ["project.create", PROJECT],
    ["environment.create", "production"],
    ["source.create", "main db"],
    ["destination.create", "e2e local"],
  ]) {
    await expect(
      rows
        .filter({ has: page.locator(`xpath=self::*[@data-action="${action}"]`) })
        .filter({ hasText: name })
        .first(),
    ).toBeVisible();
  }
  const actions = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));
  expect(actions.indexOf("destination.create")).toBeLessThan(actions.indexOf("project.create")); // newest first
  await shot(page, "foundation-16-audit");
  await page.getByTestId("filter-action").fill("source.");
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/action=source/);
  const filtered = await page
    .getByTestId("audit-row")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));
  expect(filtered.length).toBeGreaterThan(0);
  expect(filtered.every((a) => a?.startsWith("source."))).toBe(true);
});

test("admin pages: users, account tokens, dark mode, delete confirmation", async ({ page }) => {
  // The viewer is created through the API (seeding), then shown on the Users page.
  const created = await admin.send("POST", "/users", {
    email: VIEWER.email,
    password: VIEWER.password,
    role: "viewer",
  });
  expect(created.status, created.text).toBe(201);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.getByTestId("nav-users").click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByTestId(`user-row-${VIEWER.email}`)).toContainText("viewer");
  await shot(page, "foundation-17-users");

  await page.goto("/account");
  await page.getByTestId("new-token").click();
  await page.getByTestId("token-dialog").getByLabel("Name").fill("ci-deploy");
  await page.getByTestId("token-submit").click();
  const token = (await page.getByTestId("new-token-value").textContent())!.trim();
  expect(token.length).toBeGreaterThan(20);
  await shot(page, "foundation-18-token-created", { fullPage: false });
  const me = await page.request.get("/api/v1/projects", { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  await page.getByTestId("token-done").click();
  await expect(page.getByTestId("token-row-ci-deploy")).toBeVisible();
  await shot(page, "foundation-19-account");

  // Destructive dialogs name the target and focus Cancel; Escape closes.
  await page.goto(`/projects/${PROJECT_SLUG}`);
  await openRowMenu(page, "environment-actions-production");
  await page.getByTestId("environment-actions-production-delete").click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText(`Delete environment ${PROJECT} / production?`);
  await expect(confirm.getByTestId("confirm-cancel")).toBeFocused();
  await expect(confirm.getByTestId("confirm-submit")).toBeDisabled(); // production: type the name first
  await shot(page, "foundation-20-confirm-delete", { fullPage: false });
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();

  // Deleting a project that still has environments is refused with their names, and nothing is deleted.
  await openRowMenu(page, `project-actions-${PROJECT_SLUG}`);
  await page.getByTestId(`project-actions-${PROJECT_SLUG}-delete`).click();
  await expect(confirm.getByTestId("confirm-cancel")).toBeFocused();
  await confirm.getByTestId("confirm-submit").click();
  await expect(confirm.getByTestId("form-error")).toContainText("still has 1 environment: production");
  await shot(page, "foundation-20b-delete-refused", { fullPage: false });
  await confirm.getByTestId("confirm-cancel").click();
  expect(items<{ id: string }>((await admin.get("/projects")).body).some((p) => p.id === projectId)).toBe(true);

  // A narrow window keeps the navigation (a strip under the top bar instead of the sidebar).
  await page.setViewportSize({ width: 700, height: 800 });
  await page.goto(`/projects/${PROJECT_SLUG}`);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Destinations" }),
  ).toBeVisible();
  await shot(page, "foundation-25-narrow");
  await page.setViewportSize({ width: 1360, height: 860 });

  // Dark mode.
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.goto(`/projects/${PROJECT_SLUG}/environments/production/sources`);
  await shot(page, "foundation-21-sources-dark");
  await page.goto("/audit");
  await shot(page, "foundation-22-audit-dark");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});

test("a viewer sees no mutating controls, and forged calls are refused without changing anything", async ({
  page,
  playwright,
}) => {
  await signIn(page, VIEWER.email, VIEWER.password);
  await expect(page.getByTestId("user-role")).toHaveText("viewer");
  await expect(page.getByTestId("nav-users")).toHaveCount(0);
  const mutating =
    "[data-testid^=new-], [data-testid$=-actions], [data-testid*=-actions-], [data-testid^=verify-], [data-testid=backup-settings-link]";
  for (const url of [
    "/dashboard",
    "/projects",
    `/projects/${PROJECT_SLUG}`,
    `/projects/${PROJECT_SLUG}/environments/production/sources`,
    "/destinations",
  ]) {
    await page.goto(url);
    await expect(page.getByTestId("page-title").or(page.getByTestId("environment-title")).first()).toBeVisible();
    await expect(page.locator(mutating), `no mutating controls on ${url}`).toHaveCount(0);
  }
  await shot(page, "foundation-23-viewer-sources");
  // The audit log is admin only, like GET /api/v1/audit.
  await expect(page.getByTestId("nav-audit")).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByTestId("access-denied")).toBeVisible();
  await expect(page.getByTestId("audit-row")).toHaveCount(0);

  await page.goto("/projects");
  await shot(page, "foundation-24-viewer-projects");
  await page.goto("/users");
  await expect(page.getByTestId("access-denied")).toContainText("needs admin");
  await expect(page.getByTestId("users-table")).toHaveCount(0);

  const before = items((await admin.get("/projects")).body).length;

  // Forged server action: replay the admin's create-project action with the viewer's session cookie.
  expect(captured).not.toBeNull();
  const c = captured!;
  const forgedName = "Forged by viewer";
  const res = await page.request.post(c.url, {
    headers: {
      "Next-Action": c.actionId,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: E2E.url,
      ...(c.routerState ? { "Next-Router-State-Tree": c.routerState } : {}),
    },
    data: c.body.replace(PROJECT, forgedName).replace(PROJECT_SLUG, ""),
  });
  const text = await res.text();
  expect(text).toContain('"forbidden"');
  expect(text).not.toContain('"ok":true');

  // Forged REST calls with the viewer's own token.
  const viewer = await apiAs(VIEWER.email, VIEWER.password, "viewer-token");
  const post = await viewer.send("POST", "/projects", { name: forgedName });
  expect(post.status).toBe(403);
  expect((post.body as { error?: { code?: string } }).error?.code).toBe("forbidden");
  const del = await viewer.send("DELETE", `/projects/${projectId}`);
  expect(del.status).toBe(403);
  const patch = await viewer.send("PATCH", `/environments/${environmentId}`, { active: false });
  expect(patch.status).toBe(403);
  const read = await viewer.get("/projects");
  expect(read.status).toBe(200);
  await viewer.dispose();

  // Nothing changed.
  const after = items<{ id: string; name: string }>((await admin.get("/projects")).body);
  expect(after).toHaveLength(before);
  expect(after.some((p) => p.name === forgedName)).toBe(false);
  expect(after.some((p) => p.id === projectId)).toBe(true);
  const env = (await admin.get(`/environments/${environmentId}`)).body as { active: boolean };
  expect(env.active).toBe(true);

  // The refusals are in the audit log (which only an admin may read).
  const denied = await admin.get(`/audit?outcome=denied&actor=${encodeURIComponent(VIEWER.email)}`);
  expect(denied.status).toBe(200);
  expect(denied.text).toContain(VIEWER.email);
  void playwright;
});
