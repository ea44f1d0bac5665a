/* Role mapping and the allowed-domain rule of single sign-on. */
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { emailDomainAllowed, oidcConfig, roleFromClaims } from "./oidc-config";

const cfg = { roleClaim: "groups", adminValues: ["lifeboat-admins"], operatorValues: ["ops", "sre"] };

describe("roleFromClaims", () => {
  it("maps an array claim, admin first, anyone else a viewer", () => {
    expect(roleFromClaims({ groups: ["staff", "lifeboat-admins", "ops"] }, cfg)).toBe("admin");
    expect(roleFromClaims({ groups: ["sre"] }, cfg)).toBe("operator");
    expect(roleFromClaims({ groups: ["staff"] }, cfg)).toBe("viewer");
    expect(roleFromClaims({}, cfg)).toBe("viewer");
    expect(roleFromClaims({ groups: [1, null, { a: "ops" }] }, cfg)).toBe("viewer");
  });
  it("maps a string claim exactly (no substring match)", () => {
    const c = { ...cfg, roleClaim: "role" };
    expect(roleFromClaims({ role: "ops" }, c)).toBe("operator");
    expect(roleFromClaims({ role: "lifeboat-admins-not" }, c)).toBe("viewer");
  });
});

describe("emailDomainAllowed", () => {
  it("allows only the listed domains, case-insensitively, and every domain when none is listed", () => {
    expect(emailDomainAllowed("a@Example.COM", ["example.com"])).toBe(true);
    expect(emailDomainAllowed("a@evil.com", ["example.com"])).toBe(false);
    expect(emailDomainAllowed("a@sub.example.com", ["example.com"])).toBe(false);
    expect(emailDomainAllowed("a@example.com@evil.com", ["example.com"])).toBe(false);
    expect(emailDomainAllowed("a@anything.test", [])).toBe(true);
    expect(emailDomainAllowed("no-at-sign", [])).toBe(false);
  });
});

describe("oidcConfig", () => {
  const keys = ["LIFEBOAT_OIDC_ISSUER", "LIFEBOAT_OIDC_CLIENT_ID", "LIFEBOAT_OIDC_CLIENT_SECRET"];
  afterEach(() => {
    for (const k of [...keys, "LIFEBOAT_OIDC_ALLOWED_DOMAINS"]) delete process.env[k];
    resetEnvCache();
  });
  it("is off without an issuer, and refuses an issuer without client credentials", () => {
    resetEnvCache();
    expect(oidcConfig()).toBeNull();
    process.env.LIFEBOAT_OIDC_ISSUER = "http://127.0.0.1:9/";
    resetEnvCache();
    expect(() => oidcConfig()).toThrow(/LIFEBOAT_OIDC_CLIENT_ID: is required/);
    process.env.LIFEBOAT_OIDC_CLIENT_ID = "lifeboat";
    process.env.LIFEBOAT_OIDC_CLIENT_SECRET = "s3cret";
    process.env.LIFEBOAT_OIDC_ALLOWED_DOMAINS = " Example.com, @corp.test ,";
    resetEnvCache();
    expect(oidcConfig()).toMatchObject({
      issuer: "http://127.0.0.1:9",
      allowedDomains: ["example.com", "corp.test"],
      roleClaim: "groups",
      name: "single sign-on",
    });
  });
});
