/* The redirect after sign-in stays on the panel (probe: /%5Cevil… and /%09/evil… went to evil.example.com),
 * and the sign-in page shows only known error messages (probe: ?error=<any text> was shown as is). */
import { describe, expect, it } from "vitest";
import { loginErrorMessage, rateLimitedCode } from "./login-errors";
import { safeCallbackPath } from "./safe-callback-url";

const ORIGIN = "http://127.0.0.1:3000";

describe("safeCallbackPath", () => {
  it("keeps paths on this panel", () => {
    expect(safeCallbackPath("/projects/acme?tab=sources#x", ORIGIN)).toBe("/projects/acme?tab=sources#x");
    expect(safeCallbackPath(`${ORIGIN}/audit`, ORIGIN)).toBe("/audit");
    expect(safeCallbackPath(null, ORIGIN)).toBe("/dashboard");
  });
  it("refuses everything a browser could read as another host", () => {
    const evil = [
      "/\\evil.example.com/x", // what ?callbackUrl=/%5Cevil.example.com/x decodes to
      "/\t/evil.example.com/x", // /%09/evil…
      "/\n/evil.example.com",
      "\\\\evil.example.com",
      "//evil.example.com/x",
      "///evil.example.com",
      "http://evil.example.com/x",
      "https:evil.example.com",
      "javascript:alert(1)",
      "evil.example.com",
      "http://127.0.0.1:3001/x",
    ];
    for (const target of evil) {
      const path = safeCallbackPath(target, ORIGIN);
      expect(path, JSON.stringify(target)).toBe("/dashboard");
      expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});

describe("loginErrorMessage", () => {
  it("shows known codes and never the URL's text", () => {
    expect(loginErrorMessage("CredentialsSignin")).toBe("The e-mail or password is wrong.");
    expect(loginErrorMessage("AccountDisabled")).toMatch(/disabled/);
    expect(loginErrorMessage(rateLimitedCode(4200))).toBe("Too many failed sign-ins. Try again in 5 seconds.");
    expect(loginErrorMessage("RateLimited:600")).toBe("Too many failed sign-ins. Try again in 10 minutes.");
    const phishing = "Your account is locked. Call +1 555 0100 and give your password.";
    expect(loginErrorMessage(phishing)).toBe("Signing in did not work. Try again.");
    expect(loginErrorMessage("RateLimited:soon, call us")).not.toContain("call us");
    expect(loginErrorMessage("toString")).toBe("Signing in did not work. Try again.");
    expect(loginErrorMessage(null)).toBeNull();
  });
});
