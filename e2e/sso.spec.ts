/* Single sign-on with OpenID Connect, for real: a second panel (production build, its own data directory)
 * configured with LIFEBOAT_OIDC_* against a real OpenID provider on loopback (oidc-provider, see
 * fixtures/oidc-provider.ts), driven through the whole redirect flow in Chromium — the panel's button,
 * the provider's login and consent pages, the callback — and checked against what the panel stored:
 *  - an account in the admin group lands in the panel as an admin (created just in time);
 *  - an account with no mapped group is a viewer, and opening /audit is refused (page and API);
 *  - the role is re-mapped at the next sign-in when the provider's groups change;
 *  - an account of a domain outside LIFEBOAT_OIDC_ALLOWED_DOMAINS is refused with a clear message and
 *    no user is made; a local account still signs in with its password;
 *  - signing out of a session from the provider ends the provider's session too (RP-initiated logout:
 *    its end-session page, then back to /login; its authorize URL then asks for credentials again),
 *    while a local account's sign-out stays the panel's alone;
 *  - the main e2e panel (no OIDC settings) shows no SSO button; the SSO panel's log holds no secret.
 * Screenshots: artifacts/screens/sso/*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, request as pwRequest, test } from "@playwright/test";
import { E2E, signIn } from "./fixtures/lifeboat";
import { type OidcAccount, type RunningOidcProvider, startOidcProvider } from "./fixtures/oidc-provider";
import { freePort, ROOT, type RunningServer, startServer, stopProcessGroup } from "./fixtures/server";

const SHOTS = path.join(ROOT, "artifacts", "screens", "sso");
const LOCAL = { email: "local-admin@lifeboat.test", password: `local-${crypto.randomBytes(9).toString("base64url")}` };
const ACCOUNTS: Record<string, OidcAccount> = {
  ada: { email: "ada@corp.test", name: "Ada Admin", groups: ["staff", "lifeboat-admins"] },
  vera: { email: "vera@corp.test", name: "Vera Viewer", groups: ["staff"] },
  mallory: { email: "mallory@elsewhere.test", name: "Mallory", groups: ["lifeboat-admins"] },
};

let idp: RunningOidcProvider;
let panel: RunningServer;

test.describe.configure({ mode: "serial" });

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** The panel's users as its local admin sees them through the REST API. */
async function panelUsers(): Promise<{ email: string; role: string }[]> {
  const anon = await pwRequest.newContext({ baseURL: panel.url });
  const t = await anon.post("/api/v1/auth/token", { data: { ...LOCAL, name: "sso-spec" } });
  expect(t.status(), await t.text()).toBe(201);
  const { token } = (await t.json()) as { token: string };
  const res = await anon.get("/api/v1/users", { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: { email: string; role: string }[] };
  await anon.dispose();
  return body.items;
}

/** The panel's audit entries of one action, as its local admin reads them through the REST API. */
async function panelAudit(action: string): Promise<{ actorEmail: string; details: { method?: string } | null }[]> {
  const anon = await pwRequest.newContext({ baseURL: panel.url });
  const t = await anon.post("/api/v1/auth/token", { data: { ...LOCAL, name: "sso-spec-audit" } });
  const { token } = (await t.json()) as { token: string };
  const res = await anon.get(`/api/v1/audit?action=${action}&limit=100`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: { actorEmail: string; details: { method?: string } | null }[] };
  await anon.dispose();
  return body.items;
}

/** Clicks "Sign in with Corp ID" and goes through the provider's login and consent pages. */
async function ssoSignIn(browser: Browser, login: string, shots?: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: panel.url });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByTestId("sso-sign-in").click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("checked-by-the-provider-not-the-panel");
  if (shots) await shot(page, `${shots}-provider-login`);
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByRole("button", { name: "Continue" })).toBeVisible();
  if (shots) await shot(page, `${shots}-provider-consent`);
  await page.getByRole("button", { name: "Continue" }).click();
  return page;
}

test.beforeAll(async () => {
  const panelPort = await freePort();
  idp = await startOidcProvider({
    port: await freePort(),
    redirectUri: `http://127.0.0.1:${panelPort}/api/auth/callback/oidc`,
    postLogoutRedirectUri: `http://127.0.0.1:${panelPort}/login`,
    accounts: ACCOUNTS,
  });
  panel = await startServer(
    {
      LIFEBOAT_ADMIN_EMAIL: LOCAL.email,
      LIFEBOAT_ADMIN_PASSWORD: LOCAL.password,
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("hex"),
      LIFEBOAT_SECRET_KEY: crypto.randomBytes(32).toString("base64"),
      LOG_LEVEL: "warn",
      LIFEBOAT_TEST_RESTORES: "off",
      LIFEBOAT_CHECKS: "off",
      LIFEBOAT_OIDC_ISSUER: idp.issuer,
      LIFEBOAT_OIDC_CLIENT_ID: idp.clientId,
      LIFEBOAT_OIDC_CLIENT_SECRET: idp.clientSecret,
      LIFEBOAT_OIDC_SCOPE: "openid email profile groups",
      LIFEBOAT_OIDC_ROLE_CLAIM: "groups",
      LIFEBOAT_OIDC_ADMIN_VALUES: "lifeboat-admins",
      LIFEBOAT_OIDC_OPERATOR_VALUES: "sre,ops",
      LIFEBOAT_OIDC_ALLOWED_DOMAINS: "corp.test",
      LIFEBOAT_OIDC_NAME: "Corp ID",
    },
    { port: panelPort },
  );
});

test.afterAll(async () => {
  stopProcessGroup(panel?.child.pid);
  await idp?.close();
  if (panel && process.env.LIFEBOAT_E2E_KEEP !== "1") fs.rmSync(panel.dataDir, { recursive: true, force: true });
});

test("the login page offers 'Sign in with <name>' only when single sign-on is configured", async ({ browser }) => {
  const ctx = await browser.newContext({ baseURL: panel.url });
  const page = await ctx.newPage();
  await page.goto("/login");
  await expect(page.getByTestId("sso-sign-in")).toHaveText("Sign in with Corp ID");
  await expect(page.getByTestId("login-form")).toBeVisible();
  await shot(page, "sso-01-login");
  await page.emulateMedia({ colorScheme: "dark" });
  await shot(page, "sso-01-login-dark");
  await ctx.close();

  const plain = await browser.newContext({ baseURL: E2E.url });
  const other = await plain.newPage();
  await other.goto("/login");
  await expect(other.getByTestId("login-form")).toBeVisible();
  await expect(other.getByTestId("sso-sign-in")).toHaveCount(0);
  await plain.close();
});

test("an account in the admin group signs in through the provider and lands as an admin", async ({ browser }) => {
  expect((await panelUsers()).map((u) => u.email)).not.toContain(ACCOUNTS.ada!.email);
  const page = await ssoSignIn(browser, "ada", "sso-02");
  await expect(page).toHaveURL(`${panel.url}/dashboard`);
  await expect(page.getByTestId("user-menu")).toContainText(ACCOUNTS.ada!.email);
  await expect(page.getByTestId("nav-audit")).toBeVisible();
  await shot(page, "sso-03-dashboard-admin");
  const users = await panelUsers();
  expect(users.find((u) => u.email === ACCOUNTS.ada!.email)?.role).toBe("admin");
  // The panel's own REST calls with this session have the admin role too.
  expect((await page.request.get("/api/v1/audit?action=auth.sign_in")).status()).toBe(200);
  await page.context().close();
});

test("a viewer from the provider is refused /audit, and is re-mapped when its groups change", async ({ browser }) => {
  const page = await ssoSignIn(browser, "vera");
  await expect(page).toHaveURL(`${panel.url}/dashboard`);
  await expect(page.getByTestId("nav-audit")).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByTestId("access-denied")).toContainText("needs admin");
  await expect(page.getByTestId("audit-row")).toHaveCount(0);
  await shot(page, "sso-04-viewer-audit-refused");
  expect((await page.request.get("/api/v1/audit")).status()).toBe(403);
  expect((await panelUsers()).find((u) => u.email === ACCOUNTS.vera!.email)?.role).toBe("viewer");
  await page.context().close();

  ACCOUNTS.vera!.groups = ["staff", "sre"]; // the provider now says: operator
  const again = await ssoSignIn(browser, "vera");
  await expect(again).toHaveURL(`${panel.url}/dashboard`);
  expect((await panelUsers()).find((u) => u.email === ACCOUNTS.vera!.email)?.role).toBe("operator");
  await again.context().close();
});

test("an account outside the allowed domains is refused with a clear message", async ({ browser }) => {
  const page = await ssoSignIn(browser, "mallory");
  await expect(page).toHaveURL(/\/login\?error=SsoDomainNotAllowed$/);
  await expect(page.getByTestId("form-error")).toHaveText(
    "Your e-mail domain may not sign in to this Lifeboat. Use an account of an allowed domain, or ask an admin.",
  );
  await expect(page.getByTestId("sso-sign-in")).toBeVisible();
  await shot(page, "sso-05-domain-refused");
  expect((await page.request.get("/api/v1/projects")).status()).toBe(401);
  expect((await panelUsers()).map((u) => u.email)).not.toContain(ACCOUNTS.mallory!.email);
  await page.context().close();
});

test("local accounts keep signing in with their password, and every SSO sign-in is audited", async ({ browser }) => {
  const ctx = await browser.newContext({ baseURL: panel.url });
  const page = await ctx.newPage();
  await signIn(page, LOCAL.email, LOCAL.password);
  const res = await page.request.get("/api/v1/audit?action=auth.sign_in&limit=100");
  expect(res.status()).toBe(200);
  const entries = ((await res.json()) as { items: { actorEmail: string; outcome: string; details: unknown }[] }).items;
  const sso = entries.filter((e) => (e.details as { method?: string } | null)?.method === "oidc");
  expect(sso.filter((e) => e.actorEmail === ACCOUNTS.ada!.email && e.outcome === "success")).toHaveLength(1);
  expect(sso.filter((e) => e.actorEmail === ACCOUNTS.vera!.email && e.outcome === "success")).toHaveLength(2);
  expect(sso.filter((e) => e.actorEmail === ACCOUNTS.mallory!.email && e.outcome === "denied")).toHaveLength(1);
  await ctx.close();
});

/** Whether the provider's authorize URL (requested in this browser context, with its cookies) would ask
 * for credentials: it answers with its login page, not consent or a redirect back with a code. */
async function providerAsksForCredentials(page: Page): Promise<boolean> {
  const discovery = await (await page.request.get(`${idp.issuer}/.well-known/openid-configuration`)).json();
  const authorize = new URL(discovery.authorization_endpoint as string);
  const verifier = crypto.randomBytes(32).toString("base64url");
  const params = {
    client_id: idp.clientId,
    response_type: "code",
    scope: "openid email profile groups",
    redirect_uri: `${panel.url}/api/auth/callback/oidc`,
    state: crypto.randomBytes(8).toString("hex"),
    code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  };
  for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);
  let res = await page.request.get(authorize.toString(), { maxRedirects: 0 });
  for (let hops = 0; hops < 5 && res.status() >= 300 && res.status() < 400; hops++) {
    const next = new URL(res.headers().location!, authorize);
    if (next.origin !== idp.issuer) return false; // straight back to the panel with a code: no questions
    res = await page.request.get(next.toString(), { maxRedirects: 0 });
  }
  return (await res.text()).includes('name="login"');
}

test("signing out of a session from the provider ends the provider's session too", async ({ browser }) => {
  const page = await ssoSignIn(browser, "ada");
  await expect(page).toHaveURL(`${panel.url}/dashboard`);
  // While signed in, the provider knows this browser: its authorize URL asks nothing.
  expect(await providerAsksForCredentials(page)).toBe(false);

  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  // The provider's own end-session page (oidc-provider asks to confirm), then back to the panel's /login.
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/session/end`));
  await shot(page, "sso-06-provider-sign-out");
  await page.getByRole("button", { name: /yes, sign me out/i }).click();
  await expect(page).toHaveURL(`${panel.url}/login`);
  await expect(page.getByTestId("login-form")).toBeVisible();
  expect((await page.request.get("/api/v1/projects")).status()).toBe(401);
  // The provider's session ended: its authorize URL asks for credentials again, and so does the button.
  expect(await providerAsksForCredentials(page)).toBe(true);
  await page.getByTestId("sso-sign-in").click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await page.context().close();

  // A local session signs out of the panel only, straight to /login (nothing to end at the provider).
  const ctx = await browser.newContext({ baseURL: panel.url });
  const local = await ctx.newPage();
  await signIn(local, LOCAL.email, LOCAL.password);
  await local.getByTestId("user-menu").click();
  await local.getByTestId("sign-out").click();
  await expect(local).toHaveURL(`${panel.url}/login`);
  expect((await local.request.get("/api/v1/projects")).status()).toBe(401);
  const audit = await panelAudit("auth.sign_out");
  expect(audit.filter((e) => e.actorEmail === ACCOUNTS.ada!.email && e.details?.method === "oidc")).toHaveLength(1);
  expect(audit.filter((e) => e.actorEmail === LOCAL.email)).not.toHaveLength(0);
  await ctx.close();
});

test("the SSO panel's server log never holds the client secret", async () => {
  const log = fs.readFileSync(panel.logFile, "utf8");
  expect(log).not.toContain(idp.clientSecret);
  expect(log).not.toContain(LOCAL.password);
});
