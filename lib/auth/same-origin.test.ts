/* The same-origin check of cookie-authenticated /api/v1 writes (probe: it trusted X-Forwarded-Host, so a
 * cross-site page could claim any host). X-Forwarded-Host counts only with LIFEBOAT_TRUST_PROXY=on. */
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { sameOrigin } from "./same-origin";

function post(headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1:3000/api/v1/projects", { method: "POST", headers });
}

afterEach(() => {
  delete process.env.LIFEBOAT_TRUST_PROXY;
  resetEnvCache();
});

describe("sameOrigin", () => {
  it("compares Origin with Host, ignoring a client-sent X-Forwarded-Host", () => {
    expect(sameOrigin(post({ host: "panel.local:3000", origin: "http://panel.local:3000" }))).toBe(true);
    expect(sameOrigin(post({ host: "panel.local:3000", origin: "http://evil.example" }))).toBe(false);
    const forged = post({
      host: "panel.local:3000",
      origin: "http://evil.example",
      "x-forwarded-host": "evil.example",
    });
    expect(sameOrigin(forged)).toBe(false);
    expect(sameOrigin(post({ host: "panel.local:3000" }))).toBe(true); // no Origin: not a browser
    expect(sameOrigin(post({ host: "panel.local:3000", origin: "null" }))).toBe(false);
  });

  it("uses X-Forwarded-Host behind a trusted proxy", () => {
    process.env.LIFEBOAT_TRUST_PROXY = "on";
    resetEnvCache();
    const proxied = post({
      host: "10.0.0.5:3000",
      origin: "https://backup.example",
      "x-forwarded-host": "backup.example",
    });
    expect(sameOrigin(proxied)).toBe(true);
    expect(sameOrigin(post({ host: "10.0.0.5:3000", origin: "https://backup.example" }))).toBe(false);
  });
});
