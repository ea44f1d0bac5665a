/* The probe's findings in the browser (issue 14), in real Chromium against the production build:
 *  - no open redirect after sign-in (callbackUrl=/%5Cevil…, /%09/evil…; next-auth's own redirect too);
 *  - every main page carries a nonce-based CSP, frame-ancestors 'none', X-Frame-Options DENY, nosniff
 *    and a Referrer-Policy, and renders with no CSP violation (console or securitypolicyviolation);
 *    /api/v1 and /metrics are left as they were (no page headers added);
 *  - /audit refuses a viewer; /login?error=<text> shows only known messages; TRACE → 405;
 *  - the server log of the run holds none of the secrets planted here (nor failed-SQL parameters).
 * Screenshots: artifacts/screenshots/security-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type Api, apiAs, E2E, shot, signIn } from "./fixtures/lifeboat";

const SUFFIX = crypto.randomBytes(3).toString("hex");
const VIEWER = { email: `sec-viewer-${SUFFIX}@lifeboat.test`, password: `viewer-pw-${SUFFIX}-long` };
const PLANTED = {
  dbPassword: `planted-db-pw-${SUFFIX}`,
  urlPassword: `planted-url-pw-${SUFFIX}`,
  userPassword: `planted-user-pw-${SUFFIX}`,
};

let admin: Api;
let projectSlug = "";
let projectId = "";
let environmentId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-security");
  const p = await admin.send("POST", "/projects", { name: `Security ${SUFFIX}` });
  expect(p.status, p.text).toBe(201);
  projectId = (p.body as { id: string }).id;
  projectSlug = (p.body as { slug: string }).slug;
  const e = await admin.send("POST", `/projects/${projectId}/environments`, { name: "staging", type: "staging" });
  expect(e.status, e.text).toBe(201);
  environmentId = (e.body as { id: string }).id;
  const s = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "db",
    type: "postgres",
    config: { host: "127.0.0.1", database: "nowhere", user: "app" },
    secrets: { password: PLANTED.dbPassword },
  });
  expect(s.status, s.text).toBe(201);
  const u = await admin.send("POST", "/users", { email: VIEWER.email, password: VIEWER.password, role: "viewer" });
  expect(u.status, u.text).toBe(201);
});

test.afterAll(async () => {
  await admin?.dispose();
});

async function freshPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: E2E.url });
  return ctx.newPage();
}

test("after sign-in, callbackUrl leads only to paths on this panel", async ({ browser }) => {
  for (const callbackUrl of ["/%5Cevil.example.com/x", "/%09/evil.example.com/x", "//evil.example.com/x"]) {
    const page = await freshPage(browser);
    const evil: string[] = [];
    await page.context().route(
      (url) => url.hostname.endsWith("evil.example.com"),
      (route) => {
        evil.push(route.request().url());
        return route.abort();
      },
    );
    await page.goto(`/login?callbackUrl=${callbackUrl}`);
    await page.getByLabel("E-mail").fill(E2E.adminEmail);
    await page.getByLabel("Password").fill(E2E.adminPassword);
    await page.getByTestId("login-submit").click();
    await expect(page).toHaveURL(`${E2E.url}/dashboard`);
    expect(evil, callbackUrl).toEqual([]);
    // The browser is now a known device for this account (sign-in throttle: no lock-out for it).
    const device = (await page.context().cookies()).find((c) => c.name === "lifeboat-device");
    expect(device?.httpOnly).toBe(true);
    await page.context().close();
  }
  // A same-panel path is still honoured.
  const page = await freshPage(browser);
  await page.goto("/login?callbackUrl=%2Fdestinations");
  await page.getByLabel("E-mail").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill(E2E.adminPassword);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(`${E2E.url}/destinations`);
  await page.context().close();
});

test("next-auth's own redirect after sign-in stays on the panel", async ({ page }) => {
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: {
      csrfToken: csrf.csrfToken,
      email: E2E.adminEmail,
      password: E2E.adminPassword,
      callbackUrl: "/\\evil.example.com/x",
      json: "true",
    },
  });
  expect(res.status()).toBe(200);
  const { url } = (await res.json()) as { url: string };
  expect(new URL(url).origin).toBe(E2E.url);
});

const PAGE_HEADERS = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

function expectSecurityHeaders(headers: Record<string, string>, where: string): string {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, where).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("object-src 'none'");
  expect(csp, where).not.toContain("unsafe-eval");
  for (const [k, v] of Object.entries(PAGE_HEADERS)) expect(headers[k], `${where} ${k}`).toBe(v);
  return /'nonce-([^']+)'/.exec(csp)![1]!;
}

/** Every CSP violation the page reports, from the console and from securitypolicyviolation events. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text()))
      violations.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __csp?: string[] };
      w.__csp ??= [];
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

/** The violations the current document recorded. A page that navigates on its own (a client redirect)
 * destroys the context mid-read: wait for the new document and read that one (the console listener
 * above has seen both). */
async function pageViolations(page: Page): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    } catch (e) {
      if (attempt >= 3 || !/Execution context was destroyed/.test(String(e))) throw e;
      await page.waitForLoadState("networkidle");
    }
  }
}

test("every main page has the security headers and runs with no CSP violation", async ({ page }) => {
  const violations = await watchCsp(page);
  const login = await page.goto("/login");
  const firstNonce = expectSecurityHeaders(login!.headers(), "/login");
  await expect(page.getByTestId("login-form")).toBeVisible();
  // The nonce is fresh per response, and Next's scripts carry it.
  const again = await page.goto("/login");
  expect(expectSecurityHeaders(again!.headers(), "/login again")).not.toBe(firstNonce);
  const scripts = await page.locator("script").evaluateAll((els) => els.map((s) => (s as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => (n ?? "").length > 0)).toBe(true);
  expect(await pageViolations(page)).toEqual([]);

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  const env = `/projects/${projectSlug}/environments/staging`;
  const pages = [
    "/dashboard",
    "/projects",
    `/projects/${projectSlug}`,
    env,
    `${env}/sources`,
    `${env}/backups`,
    `${env}/backups/settings`,
    `${env}/monitoring`,
    "/destinations",
    "/audit",
    "/users",
    "/account",
  ];
  for (const path of pages) {
    const res = await page.goto(path);
    expect(res!.status(), path).toBeLessThan(400);
    expectSecurityHeaders(res!.headers(), path);
    await page.waitForLoadState("networkidle");
    expect(await pageViolations(page), path).toEqual([]);
  }
  // Client-side work after load: the theme switch (next-themes' script) and a client navigation.
  await page.getByTestId("theme-toggle").click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await page.getByTestId("theme-toggle").click();
  expect(await pageViolations(page)).toEqual([]);
  expect(violations).toEqual([]);
  await shot(page, "security-01-projects");

  // Static files get the fixed headers; /api/v1 and /metrics are not touched by the page proxy.
  const logo = await page.request.get("/logo.svg");
  expect(logo.headers()["x-content-type-options"]).toBe("nosniff");
  const api = await page.request.get("/api/v1/openapi.json");
  expect(api.status()).toBe(200);
  expect(api.headers()["content-security-policy"]).toBeUndefined();
  expect(api.headers()["x-frame-options"]).toBeUndefined();
  const metrics = await page.request.get("/metrics");
  expect(metrics.headers()["content-security-policy"]).toBeUndefined();
});

test("a viewer opening /audit is refused, like GET /api/v1/audit", async ({ page }) => {
  await signIn(page, VIEWER.email, VIEWER.password);
  await expect(page.getByTestId("nav-audit")).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByTestId("access-denied")).toContainText("needs admin");
  await expect(page.getByTestId("audit-row")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(E2E.adminEmail);
  await shot(page, "security-02-audit-viewer");
  const api = await page.request.get("/api/v1/audit");
  expect(api.status()).toBe(403);
});

test("/login?error=<text> shows only known messages", async ({ page }) => {
  const phishing = "Your account is locked. Call +1 555 0100 and read us your password.";
  await page.goto(`/login?error=${encodeURIComponent(phishing)}`);
  await expect(page.getByTestId("form-error")).toHaveText("Signing in did not work. Try again.");
  await expect(page.locator("body")).not.toContainText("555 0100");
  await shot(page, "security-03-login-error");
  await page.goto("/login?error=CredentialsSignin");
  await expect(page.getByTestId("form-error")).toHaveText("The e-mail or password is wrong.");
  // A real failed sign-in says what happened, in the page's own words.
  await page.getByLabel("E-mail").fill(VIEWER.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("form-error")).toHaveText("The e-mail or password is wrong.");
});

function rawRequest(method: string, path: string): Promise<number> {
  const url = new URL(path, E2E.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ method, host: url.hostname, port: url.port, path: url.pathname }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

test("TRACE is 405, not 500", async () => {
  for (const path of ["/login", "/dashboard", "/"]) expect(await rawRequest("TRACE", path), path).toBe(405);
});

test("the server log holds none of the planted secrets and no failed-SQL parameters", async () => {
  // Give the log something to say: refused input (NUL byte, bad URL with a password), a failed sign-in.
  const nul = await admin.send("POST", "/users", { email: "nul@x.test", password: `${PLANTED.userPassword}\u0000` });
  expect(nul.status).toBe(400);
  const url = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "bad url",
    type: "postgres",
    config: {},
    secrets: { url: `postgres://app:${PLANTED.urlPassword}@[bad/db` },
  });
  expect(url.status).toBe(400);
  expect(url.text).not.toContain(PLANTED.urlPassword);
  const audit = await admin.get("/audit?actor=a%00b");
  expect(audit.status).toBe(400);
  const log = fs.readFileSync(process.env.LIFEBOAT_E2E_LOG!, "utf8");
  for (const secret of [...Object.values(PLANTED), E2E.adminPassword, VIEWER.password, admin.token])
    expect(log.includes(secret), `the server log contains ${secret.slice(0, 12)}…`).toBe(false);
  expect(log).not.toMatch(/\$argon2(id|i|d)\$/);
  expect(log).not.toMatch(/\bv1:[0-9a-f]{8}:[A-Za-z0-9_-]+:/);
  expect(log).not.toMatch(/params: (?!\[redacted\])/);
});
