/* Sign-in throttling that cannot be turned into a lock-out (probe: five wrong passwords locked the admin
 * out for 15 minutes, also with the right password; without a proxy there was no per-address limit).
 * Through the real token endpoint and authenticateCredentials, and a real HTTP server for the socket
 * address. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import { getDb } from "@/lib/db";
import { installServerRequestHook } from "@/lib/http/server-request-hook";
import { authenticateCredentials } from "./credentials";
import { clientIp, PEER_HEADER, peerHeaderValue, socketAddress } from "./client-address";
import { issueDeviceToken } from "./known-device";
import { accountDelayMs, MAX_ACCOUNT_DELAY_MS, SIGN_IN_LIMITS } from "./sign-in-throttle";
import { call, seedUser, type TestUser } from "./test-fixtures";

const WINDOW = SIGN_IN_LIMITS.email.windowMs;

async function setFailures(email: string, count: number, lastFailureAgoMs: number): Promise<void> {
  const resetAt = new Date(Date.now() - lastFailureAgoMs + WINDOW).toISOString();
  await getDb().execute(
    sql`insert into rate_limits (key, count, reset_at) values (${`login:${email}`}, ${count}, ${resetAt}::timestamptz)
        on conflict (key) do update set count = excluded.count, reset_at = excluded.reset_at`,
  );
}

const signIn = (u: TestUser, password: string, ctx: { ip?: string | null; deviceToken?: string | null } = {}) =>
  authenticateCredentials({ email: u.email, password }, { purpose: "sign_in", ...ctx });

let u: TestUser;
beforeAll(async () => {
  u = await seedUser("admin");
});

describe("per-account slow-down", () => {
  it("grows from 1 s after five failures to at most 60 s", () => {
    expect([4, 5, 6, 7, 10, 11, 50].map(accountDelayMs)).toEqual([0, 1000, 2000, 4000, 32_000, 60_000, 60_000]);
    expect(MAX_ACCOUNT_DELAY_MS).toBe(60_000);
  });

  it("makes the next attempt wait, then lets the right password in (never a lock)", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.email.limit; i++)
      await expect(signIn(u, "wrong-password")).rejects.toMatchObject({ code: "unauthenticated" });
    await setFailures(u.email, 7, 0); // 7 failures, the last one just now: wait 4 s
    await expect(signIn(u, u.password)).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many failed sign-ins for this account\. Try again in [1-4] seconds?\.$/),
    });
    await setFailures(u.email, 7, 4_500); // the wait is over
    await expect(signIn(u, u.password)).resolves.toMatchObject({ email: u.email });
    const left = await getDb().execute(
      sql`select count(*)::int as n from rate_limits where key = ${`login:${u.email}`}`,
    );
    expect((left.rows[0] as { n: number }).n).toBe(0); // success ends the slow-down
  });

  it("never waits more than a minute, however many guesses were made", async () => {
    await setFailures(u.email, 10_000, 0);
    await expect(signIn(u, u.password)).rejects.toMatchObject({ message: expect.stringMatching(/in 60 seconds\./) });
    await setFailures(u.email, 10_000, MAX_ACCOUNT_DELAY_MS + 500);
    await expect(signIn(u, u.password)).resolves.toMatchObject({ email: u.email });
  });

  it("lets the user's own browser (known device) in at once, whatever others guessed", async () => {
    await setFailures(u.email, 10_000, 0);
    const device = issueDeviceToken(u.email);
    await expect(signIn(u, u.password, { deviceToken: device })).resolves.toMatchObject({ email: u.email });
    await setFailures(u.email, 10_000, 0);
    // A device cookie of another account, or a forged one, is no key to this one.
    await expect(signIn(u, u.password, { deviceToken: issueDeviceToken("other@example.test") })).rejects.toMatchObject({
      code: "rate_limited",
    });
    await expect(signIn(u, u.password, { deviceToken: `${device.slice(0, -2)}xx` })).rejects.toMatchObject({
      code: "rate_limited",
    });
    // A known device still has a limit of its own for wrong passwords.
    await getDb().execute(sql`delete from rate_limits where key like 'login%'`);
    for (let i = 0; i < SIGN_IN_LIMITS.device.limit; i++)
      await expect(signIn(u, "wrong", { deviceToken: device })).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(signIn(u, u.password, { deviceToken: device })).rejects.toMatchObject({
      message: expect.stringMatching(/from this browser/),
    });
    await getDb().execute(sql`delete from rate_limits where key like 'login%'`);
  });
});

describe("per-address limit without a proxy", () => {
  it("counts failures by the socket's address across e-mails, and ignores X-Forwarded-For", async () => {
    const victim = await seedUser("viewer");
    const peer = { [PEER_HEADER]: peerHeaderValue("203.0.113.9") };
    await getDb().execute(
      sql`insert into rate_limits (key, count, reset_at)
          values ('login-ip:203.0.113.9', ${SIGN_IN_LIMITS.ip.limit - 1}, now() + interval '10 minutes')`,
    );
    const spray = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: "nobody@example.test", password: "guess" },
      headers: { ...peer, "x-forwarded-for": "198.51.100.1" },
    });
    expect(spray.status).toBe(401);
    const row = await getDb().execute(sql`select count from rate_limits where key = 'login-ip:203.0.113.9'`);
    expect((row.rows[0] as { count: number }).count).toBe(SIGN_IN_LIMITS.ip.limit);
    const blocked = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: victim.email, password: victim.password },
      headers: { ...peer, "x-forwarded-for": "198.51.100.2" }, // a made-up header changes nothing
    });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.message).toMatch(/from your address\. Try again in \d+ minutes?\./);
    // Another address is not affected.
    const elsewhere = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: victim.email, password: victim.password },
      headers: { [PEER_HEADER]: peerHeaderValue("203.0.113.10") },
    });
    expect(elsewhere.status).toBe(201);
  });

  it("trusts no forged peer header, and proxy headers only with LIFEBOAT_TRUST_PROXY=on", () => {
    expect(clientIp({ [PEER_HEADER]: "guessed-token 10.9.9.9" })).toBeNull();
    expect(clientIp({ "x-forwarded-for": "10.9.9.9" })).toBeNull();
    expect(clientIp({ [PEER_HEADER]: peerHeaderValue("::ffff:192.0.2.4") })).toBe("192.0.2.4");
  });

  it("gets the address from the socket of a real HTTP request, replacing a client-sent header", async () => {
    installServerRequestHook();
    const seen: (string | null)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(socketAddress(req.headers));
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const forged = peerHeaderValue("10.1.2.3").replace(/^\S+/, "forged");
      await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: forged } });
      await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: peerHeaderValue("10.1.2.3") } });
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});

describe("the server request hook", () => {
  it("answers TRACE with 405 before the app sees them", async () => {
    installServerRequestHook();
    let reached = 0;
    const server = http.createServer((_req, res) => {
      reached++;
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const status = (method: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ method, host: "127.0.0.1", port, path: "/login" }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    try {
      expect(await status("TRACE")).toBe(405);
      expect(reached).toBe(0);
      expect(await status("GET")).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
