/* Issue 13, item 6: the `lifeboat` CLI, run for real as a child process (node bin/lifeboat.mjs, as
 * `npx lifeboat` runs it) against the e2e server, with real restic behind it:
 *  1. login saves {url, token} mode 0600; the next command uses it (projects list --json)
 *  2. backup create --live --wait exits 0 after a good backup, 1 after a failed one (its folder removed),
 *     printing the API's error; backup list --json parses and lists both
 *  3. settings set --data-retention with the seed's Platform.sh JSON → the gear screen shows 7 daily,
 *     4 weekly, 12 monthly and 3 manual backups (screenshot artifacts/screens/cli/gear-after-cli.png)
 *  4. restore --wait of the good backup exits 0 and the folder is back; kit prints the repository
 *  5. usage errors exit 2, a bad token 3, an unknown environment 4 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";
import { ROOT } from "./fixtures/server";

const SEED_RETENTION =
  '{"default":{"default_config":{"manual_count":3,"schedule":[{"interval":"1d","count":7},{"interval":"1w","count":4},{"interval":"1M","count":12}]}}}';
const SCREENS = path.join(ROOT, "artifacts", "screens", "cli");

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the CLI to its end (bounded) with only the given environment on top of PATH and HOME. */
function lifeboat(args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "lifeboat.mjs"), ...args], {
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH ?? "", HOME: home, ...opts.env } as unknown as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? "");
  });
}

let admin: Api;
let home = "";
let token = "";
let projectSlug = "";
let goodDir = "";
let badDir = "";
let repoDir = "";
let goodBackupId = "";
const auth = () => ({ LIFEBOAT_URL: E2E.url, LIFEBOAT_TOKEN: token });

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-cli");
  token = admin.token;
  home = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-cli-home-"));
  goodDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-cli-good-"));
  badDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-cli-bad-"));
  repoDir = `${goodDir}-repo`;
  fs.mkdirSync(path.join(goodDir, "docs"));
  fs.writeFileSync(path.join(goodDir, "docs", "readme.txt"), "Kept safe by the CLI.\n");
  fs.writeFileSync(path.join(goodDir, "data.bin"), crypto.randomBytes(200_000));
  fs.writeFileSync(path.join(badDir, "x.txt"), "soon gone\n");

  const project = await admin.send("POST", "/projects", {
    name: "CLI Shop",
    slug: `cli-shop-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const dest = await admin.send("POST", "/destinations", {
    name: "CLI disk",
    type: "local",
    config: { path: repoDir },
  });
  expect(dest.status, dest.text).toBe(201);
  const destinationId = (dest.body as { id: string }).id;
  for (const [slug, dir] of [
    ["staging", goodDir],
    ["broken", badDir],
  ] as const) {
    const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: slug, slug, type: "staging" });
    expect(env.status, env.text).toBe(201);
    const id = (env.body as { id: string }).id;
    const src = await admin.send("POST", `/environments/${id}/sources`, {
      name: "site",
      type: "directory",
      config: { path: dir },
    });
    expect(src.status, src.text).toBe(201);
    const put = await admin.send("PUT", `/environments/${id}/backup-settings`, { destinationIds: [destinationId] });
    expect(put.status, put.text).toBe(200);
  }
  fs.rmSync(badDir, { recursive: true, force: true }); // the broken environment's folder is gone
});

test.afterAll(async () => {
  for (const d of [home, goodDir, badDir, repoDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  await admin?.dispose();
});

test("login saves the token (0600) and the next command uses it", async () => {
  const r = await lifeboat(["login", "--url", E2E.url, "--email", E2E.adminEmail, "--password-stdin", "--json"], {
    stdin: `${E2E.adminPassword}\n`,
  });
  expect(r.code, r.stderr).toBe(0);
  const file = path.join(home, ".config", "lifeboat", "config.json");
  expect((JSON.parse(r.stdout) as { configFile: string }).configFile).toBe(file);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { url: string; token: string };
  expect(saved.url).toBe(E2E.url);
  expect(r.stdout).not.toContain(saved.token); // the token is a secret: saved, never printed

  const list = await lifeboat(["projects", "list", "--json"]);
  expect(list.code, list.stderr).toBe(0);
  const slugs = (JSON.parse(list.stdout) as { items: { slug: string }[] }).items.map((x) => x.slug);
  expect(slugs).toContain(projectSlug);

  const wrong = await lifeboat(["login", "--url", E2E.url, "--email", E2E.adminEmail, "--password-stdin"], {
    stdin: "not-the-password\n",
  });
  expect(wrong.code).toBe(3);
  expect(wrong.stderr).toMatch(/lifeboat: .+/);
});

test("backup create --live --wait: exit 0 after a good backup, 1 after a failed one; list --json parses", async () => {
  const good = await lifeboat(["backup", "create", "--env", `${projectSlug}/staging`, "--live", "--wait", "--json"], {
    env: auth(),
  });
  expect(good.code, good.stderr + good.stdout).toBe(0);
  const b = JSON.parse(good.stdout) as { id: string; status: string; live: boolean; sources: { snapshotId: string }[] };
  expect(b.status).toBe("succeeded");
  expect(b.live).toBe(true);
  expect(b.sources[0]?.snapshotId).toBeTruthy();
  goodBackupId = b.id;

  const bad = await lifeboat(["backup", "create", "--env", `${projectSlug}/broken`, "--live", "--wait"], {
    env: auth(),
  });
  expect(bad.code, bad.stdout + bad.stderr).toBe(1);
  expect(bad.stdout).toMatch(/Backup [0-9a-f-]+: failed/);
  // The server's own words about the missing folder, not a generic "failed".
  const api = await admin.get<{ items: { error?: { message: string } }[] }>(
    `/environments/${await envId("broken")}/backups?limit=1`,
  );
  const serverMessage = api.body.items[0]?.error?.message ?? "";
  expect(serverMessage.length).toBeGreaterThan(0);
  expect(bad.stdout).toContain(serverMessage);

  const list = await lifeboat(["backup", "list", "--env", `${projectSlug}/staging`, "--json"], { env: auth() });
  expect(list.code, list.stderr).toBe(0);
  const page = JSON.parse(list.stdout) as { items: { id: string; status: string }[]; nextCursor: string | null };
  expect(page.items.map((x) => x.id)).toContain(goodBackupId);
  expect(page.nextCursor).toBeNull();

  const human = await lifeboat(["backup", "list", "--env", `${projectSlug}/staging`], { env: auth() });
  expect(human.stdout).toMatch(new RegExp(`${goodBackupId}\\s+\\S+ \\S+\\s+manual\\s+succeeded`));
});

async function envId(slug: string): Promise<string> {
  const r = await lifeboat(["env", "list", "--project", projectSlug, "--json"], { env: auth() });
  expect(r.code, r.stderr).toBe(0);
  const env = (JSON.parse(r.stdout) as { items: { slug: string; id: string }[] }).items.find((e) => e.slug === slug);
  expect(env).toBeTruthy();
  return env!.id;
}

test("settings set --data-retention (Platform.sh JSON) → the gear screen shows it", async ({ page }) => {
  const r = await lifeboat(
    ["settings", "set", "--env", `${projectSlug}/staging`, "--data-retention", SEED_RETENTION, "--json"],
    {
      env: auth(),
    },
  );
  expect(r.code, r.stderr).toBe(0);
  const saved = JSON.parse(r.stdout) as {
    retention: Record<string, unknown>;
    maxManualBackups: number;
    destinationIds: string[];
  };
  expect(saved.retention).toMatchObject({ keepDaily: 7, keepWeekly: 4, keepMonthly: 12 });
  expect(saved.retention.keepHourly ?? 0).toBe(0);
  expect(saved.maxManualBackups).toBe(3);
  expect(saved.destinationIds).toHaveLength(1); // merged: the rest of the settings is untouched

  const got = await lifeboat(["settings", "get", "--env", `${projectSlug}/staging`], { env: auth() });
  expect(got.code, got.stderr).toBe(0);
  expect(got.stdout).toMatch(/manual backups:\s+3/);

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/staging/backups/settings`);
  const form = page.getByTestId("backup-settings-form");
  await expect(form.getByTestId("retention-preset")).toHaveValue("custom");
  await expect(form.getByTestId("gfs-keepDaily")).toHaveValue("7");
  await expect(form.getByTestId("gfs-keepWeekly")).toHaveValue("4");
  await expect(form.getByTestId("gfs-keepMonthly")).toHaveValue("12");
  await expect(form.locator("#max-manual")).toHaveValue("3");
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, "gear-after-cli.png"), fullPage: true, animations: "disabled" });

  const bad = await lifeboat(
    [
      "settings",
      "set",
      "--env",
      `${projectSlug}/staging`,
      "--data-retention",
      '{"default":{"default_config":{"schedule":[{"interval":"1q","count":7}]}}}',
    ],
    { env: auth() },
  );
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("schedule.0.interval");
});

test("restore --wait brings the folder back; kit prints the repository", async () => {
  expect(goodBackupId).toBeTruthy();
  fs.rmSync(path.join(goodDir, "docs"), { recursive: true });
  const r = await lifeboat(["restore", goodBackupId, "--scope", "files", "--wait", "--json"], { env: auth() });
  expect(r.code, r.stderr + r.stdout).toBe(0);
  expect((JSON.parse(r.stdout) as { status: string }).status).toBe("succeeded");
  expect(fs.readFileSync(path.join(goodDir, "docs", "readme.txt"), "utf8")).toBe("Kept safe by the CLI.\n");

  const kit = await lifeboat(["kit", "--destination", "CLI disk", "--password-stdin", "--json"], {
    env: auth(),
    stdin: E2E.adminPassword,
  });
  expect(kit.code, kit.stderr).toBe(0);
  expect((JSON.parse(kit.stdout) as { repository: string }).repository).toContain(repoDir);
});

test("exit codes: usage 2, bad token 3, not found 4", async () => {
  for (const args of [
    ["backup", "create"], // --env missing
    ["frobnicate"],
    ["backup", "create", "--env", `${projectSlug}/staging`, "--bogus"],
    ["backup", "create", "--env", "no-slash"],
    ["restore", "x", "--scope", "everything"],
    ["settings", "set", "--env", `${projectSlug}/staging`],
  ]) {
    const r = await lifeboat(args, { env: auth() });
    expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
    expect(r.stderr).toMatch(/^lifeboat: /);
  }
  const badToken = await lifeboat(["backup", "list", "--env", `${projectSlug}/staging`, "--json"], {
    env: { LIFEBOAT_URL: E2E.url, LIFEBOAT_TOKEN: "lb_not_a_real_token" },
  });
  expect(badToken.code).toBe(3);
  expect((JSON.parse(badToken.stdout) as { error: { exitCode: number } }).error.exitCode).toBe(3);

  const missing = await lifeboat(["backup", "list", "--env", `${projectSlug}/nope`], { env: auth() });
  expect(missing.code).toBe(4);
  expect(missing.stderr).toContain('no environment "nope"');

  const help = await lifeboat(["--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain("Exit codes:");
});
