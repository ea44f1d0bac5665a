/* GET /metrics on the production build: with LIFEBOAT_METRICS_TOKEN in the environment of the run (the
 * server inherits it) a wrong token gets 401 and the right one a body `promtool check metrics` accepts;
 * without it the endpoint is off (404) whatever the caller sends. */
import { spawnSync } from "node:child_process";
import { expect, request, test } from "@playwright/test";
import { E2E } from "./fixtures/lifeboat";

test("GET /metrics answers Prometheus with the token only", async () => {
  const ctx = await request.newContext({ baseURL: E2E.url });
  const token = process.env.LIFEBOAT_METRICS_TOKEN?.trim();
  const scrape = (t: string) => ctx.get("/metrics", { headers: { authorization: `Bearer ${t}` } });
  if (!token) {
    expect((await scrape("anything")).status()).toBe(404);
    return;
  }
  expect((await ctx.get("/metrics")).status()).toBe(401);
  expect((await scrape(`${token}-wrong`)).status()).toBe(401);
  const res = await scrape(token);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain; version=0.0.4");
  const body = await res.text();
  expect(body).toContain("# TYPE lifeboat_last_good_backup_timestamp_seconds gauge");
  const check = spawnSync("promtool", ["check", "metrics"], { input: body, encoding: "utf8" });
  expect(`${check.stdout}${check.stderr}`.trim()).toBe("");
  await ctx.dispose();
});
