/* Every channel type against real loopback servers: e-mail through smtp-server (STARTTLS + AUTH, and a
 * refused login), and webhook (valid HMAC signature), Slack, Discord, ntfy, Gotify, Telegram and
 * healthchecks payloads each to their own path on a real HTTP receiver. Secrets never come back from the
 * API; the REST routes are admin-only and validate per type. */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as channelsRoute from "@/app/api/v1/channels/route";
import * as channelRoute from "@/app/api/v1/channels/[id]/route";
import * as testRoute from "@/app/api/v1/channels/[id]/test/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { environments, projects } from "@/lib/db/schema";
import { createChannel, listChannels, testChannel, type TChannelInput } from "./index";
import { type HttpReceiver, type SmtpReceiver, startHttpReceiver, startSmtpServer } from "./test-fixtures/receivers";

let users: Record<Role, TestUser>;
let http: HttpReceiver;
let smtp: SmtpReceiver;
let envId = "";

beforeAll(async () => {
  users = await seedRoles();
  http = await startHttpReceiver();
  smtp = await startSmtpServer({ auth: { user: "mailer", pass: "s3cret-pw" }, starttls: true });
  const [p] = await getDb().insert(projects).values({ name: "Acme", slug: "acme" }).returning();
  const [e] = await getDb()
    .insert(environments)
    .values({ projectId: p!.id, name: "production", slug: "production", type: "production" })
    .returning();
  envId = e!.id;
});
afterAll(async () => {
  await http?.close();
  await smtp?.close();
});

async function make(input: TChannelInput) {
  return createChannel(input, users.admin.actor);
}

describe("e-mail over SMTP", () => {
  it("sends through STARTTLS with AUTH and the recipient receives the test", async () => {
    const ch = await make({
      name: "Ops mail",
      type: "email",
      config: {
        host: "127.0.0.1",
        port: smtp.port,
        requireTls: true,
        allowSelfSigned: true,
        from: "lifeboat@example.test",
        to: ["ops@example.test"],
      },
      secrets: { user: "mailer", password: "s3cret-pw" },
    });
    const r = await testChannel(ch.id, users.admin.actor);
    expect(r).toEqual({ ok: true, message: "Test message sent to Ops mail." });
    const mail = await smtp.waitFor((m) => m.subject === "Lifeboat test message");
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("ops@example.test");
    expect(mail.text).toContain('channel "Ops mail"');
    expect(mail.headers.get("x-lifeboat-event")).toBe("test");
    expect(smtp.logins).toContain("mailer");
  });

  it("says the login was refused when the password is wrong, and shows it on the channel", async () => {
    const ch = await make({
      name: "Wrong password mail",
      type: "email",
      config: {
        host: "127.0.0.1",
        port: smtp.port,
        allowSelfSigned: true,
        from: "lifeboat@example.test",
        to: ["ops@example.test"],
      },
      secrets: { user: "mailer", password: "wrong" },
    });
    const r = await testChannel(ch.id, users.admin.actor);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/refused the login.*Check user and password/);
    const view = (await listChannels()).find((c) => c.id === ch.id)!;
    expect(view.problem?.message).toMatch(/refused the login/);
    expect(view.problem?.retrying).toBe(false);
  });

  it("refuses a self-signed certificate unless allowed", async () => {
    const ch = await make({
      name: "Strict TLS mail",
      type: "email",
      config: {
        host: "127.0.0.1",
        port: smtp.port,
        requireTls: true,
        from: "lifeboat@example.test",
        to: ["ops@example.test"],
      },
      secrets: { user: "mailer", password: "s3cret-pw" },
    });
    const r = await testChannel(ch.id, users.admin.actor);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/certificate|TLS/i);
  });
});

describe("web channels", () => {
  it("webhook: JSON body with a valid X-Lifeboat-Signature", async () => {
    const ch = await make({
      name: "Hook",
      type: "webhook",
      config: { url: `${http.url}/hook` },
      secrets: { signingSecret: "hmac-key" },
    });
    expect((await testChannel(ch.id, users.admin.actor)).ok).toBe(true);
    const req = await http.waitFor((r) => r.path === "/hook");
    const expected = `sha256=${crypto.createHmac("sha256", "hmac-key").update(req.body).digest("hex")}`;
    expect(req.headers["x-lifeboat-signature"]).toBe(expected);
    const body = JSON.parse(req.body);
    expect(body.event).toBe("test");
    expect(typeof body.sentAt).toBe("string");
  });

  it("Slack, Discord, ntfy, Gotify, Telegram and healthchecks get their own shapes", async () => {
    const slack = await make({
      name: "Slack",
      type: "slack",
      secrets: { webhookUrl: `${http.url}/slack/T000/B000/key` },
    });
    const discord = await make({
      name: "Discord",
      type: "discord",
      secrets: { webhookUrl: `${http.url}/discord/123/tok` },
    });
    const ntfy = await make({
      name: "ntfy",
      type: "ntfy",
      config: { url: `${http.url}/ntfy/lifeboat`, priority: 4 },
      secrets: { token: "tk_ntfy" },
    });
    const gotify = await make({
      name: "Gotify",
      type: "gotify",
      config: { url: `${http.url}/gotify` },
      secrets: { token: "AppTok" },
    });
    const telegram = await make({
      name: "Telegram",
      type: "telegram",
      config: { chatId: "-1001234567890", apiBaseUrl: `${http.url}/telegram` },
      secrets: { botToken: "123:ABC" },
    });
    const hc = await make({
      name: "HC",
      type: "healthchecks",
      config: { environmentId: envId },
      secrets: { pingUrl: `${http.url}/hc/uuid-1` },
    });
    for (const ch of [slack, discord, ntfy, gotify, telegram, hc]) {
      expect(await testChannel(ch.id, users.admin.actor), ch.name).toMatchObject({ ok: true });
    }
    const s = JSON.parse((await http.waitFor((r) => r.path === "/slack/T000/B000/key")).body);
    expect(s.text).toContain("Lifeboat test message");
    expect(s.blocks[0].type).toBe("section");
    const d = JSON.parse((await http.waitFor((r) => r.path === "/discord/123/tok")).body);
    expect(d.content).toContain("**Lifeboat test message**");
    const n = await http.waitFor((r) => r.path === "/ntfy/lifeboat");
    expect(n.headers.authorization).toBe("Bearer tk_ntfy");
    expect(n.headers.priority).toBe("4");
    expect(n.headers.title).toBe("Lifeboat test message");
    expect(n.body).toContain("This is a test from Lifeboat");
    const g = await http.waitFor((r) => r.path === "/gotify/message");
    expect(g.headers["x-gotify-key"]).toBe("AppTok");
    expect(JSON.parse(g.body)).toMatchObject({ title: "Lifeboat test message", priority: 2 });
    const t = await http.waitFor((r) => r.path === "/telegram/bot123:ABC/sendMessage");
    expect(JSON.parse(t.body)).toMatchObject({ chat_id: "-1001234567890" });
    const h = await http.waitFor((r) => r.path === "/hc/uuid-1");
    expect(h.method).toBe("POST");
  });

  it("a server that answers 500 is reported with its status", async () => {
    http.failing.add("/broken");
    const ch = await make({ name: "Broken hook", type: "webhook", config: { url: `${http.url}/broken` } });
    const r = await testChannel(ch.id, users.admin.actor);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^127\.0\.0\.1:\d+ answered 500/);
  });
});

describe("REST /api/v1/channels", () => {
  it("creates (admin only), validates per type, never returns secrets, tests and deletes", async () => {
    const body = {
      name: "API hook",
      type: "webhook",
      config: { url: `${http.url}/api-hook` },
      secrets: { signingSecret: "top-secret-value" },
    };
    expect((await call(channelsRoute.POST, { method: "POST", token: users.operator.token, body })).status).toBe(403);
    const bad = await call(channelsRoute.POST, {
      method: "POST",
      token: users.admin.token,
      body: { name: "x", type: "email", config: { host: "smtp.example.com", port: 99999, from: "nope", to: [] } },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(
      expect.arrayContaining(["config.port", "config.from", "config.to"]),
    );
    const missing = await call(channelsRoute.POST, {
      method: "POST",
      token: users.admin.token,
      body: { name: "s", type: "slack" },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields).toHaveProperty(["secrets.webhookUrl"]);

    const made = await call(channelsRoute.POST, { method: "POST", token: users.admin.token, body });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: "API hook", hasSecret: true, secretKeys: ["signingSecret"] });
    const list = await call(channelsRoute.GET, { token: users.admin.token });
    expect(list.text).not.toContain("top-secret-value");
    expect(list.text).not.toContain("s3cret-pw");
    expect(list.text).not.toContain("123:ABC");
    const id = made.json.id as string;
    // An edit without secrets keeps the stored signing secret.
    const patched = await call(channelRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id },
      body: { ...body, name: "API hook 2", secrets: {} },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.secretKeys).toEqual(["signingSecret"]);
    const tested = await call(testRoute.POST, { method: "POST", token: users.admin.token, params: { id } });
    expect(tested.json).toEqual({ ok: true, message: "Test message sent to API hook 2." });
    const sig = (await http.waitFor((r) => r.path === "/api-hook")).headers["x-lifeboat-signature"];
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(
      (await call(channelRoute.DELETE, { method: "DELETE", token: users.admin.token, params: { id } })).status,
    ).toBe(204);
    expect((await call(channelRoute.GET, { token: users.admin.token, params: { id } })).status).toBe(404);
  });
});
