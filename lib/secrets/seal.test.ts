/* Sealing: round trips, random IVs, tamper detection, wrong-key refusal, key from env or 0600 file. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { isSealed, openJson, openSecret, sealJson, sealSecret } from "./seal";
import { keyFilePath, masterKey } from "./master-key";

const saved = { key: process.env.LIFEBOAT_SECRET_KEY, dir: process.env.LIFEBOAT_DATA_DIR };

function applyEnv(key: string | undefined, dir?: string) {
  if (key === undefined) delete process.env.LIFEBOAT_SECRET_KEY;
  else process.env.LIFEBOAT_SECRET_KEY = key;
  if (dir) process.env.LIFEBOAT_DATA_DIR = dir;
  resetEnvCache();
}

afterEach(() => {
  applyEnv(saved.key, saved.dir);
  if (!saved.dir) delete process.env.LIFEBOAT_DATA_DIR;
  resetEnvCache();
});

describe("sealSecret / openSecret", () => {
  it("round-trips and never contains the plaintext", () => {
    applyEnv(crypto.randomBytes(32).toString("base64"));
    const plain = "hunter2-päss-🔑";
    const sealed = sealSecret(plain);
    expect(sealed.startsWith("v1:")).toBe(true);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(plain);
    expect(sealed).not.toContain(Buffer.from(plain).toString("base64"));
    expect(openSecret(sealed)).toBe(plain);
    expect(sealSecret(plain)).not.toBe(sealed); // fresh IV every time
  });

  it("round-trips JSON", () => {
    applyEnv(crypto.randomBytes(32).toString("base64"));
    const v = { accessKeyId: "AKIA123", secretAccessKey: "s3cr3t/xyz" };
    const sealed = sealJson(v);
    expect(sealed).not.toContain("s3cr3t");
    expect(openJson(sealed)).toEqual(v);
  });

  it("detects tampering", () => {
    applyEnv(crypto.randomBytes(32).toString("base64"));
    const sealed = sealSecret("top secret value");
    const parts = sealed.split(":");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString("base64url");
    expect(() => openSecret(parts.join(":"))).toThrow(/could not be decrypted/);
    expect(() => openSecret("v2:abc")).toThrow(/unknown format/);
  });

  it("refuses a value sealed with another key, naming the fix", () => {
    applyEnv(crypto.randomBytes(32).toString("base64"));
    const sealed = sealSecret("x");
    applyEnv(crypto.randomBytes(32).toString("base64"));
    expect(() => openSecret(sealed)).toThrow(/different master key/);
  });

  it("rejects a malformed LIFEBOAT_SECRET_KEY", () => {
    applyEnv(Buffer.alloc(16).toString("base64"));
    expect(() => masterKey()).toThrow(/exactly 32 bytes/);
  });

  it("creates <dataDir>/secret.key with mode 0600 once and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-secret-"));
    try {
      applyEnv(undefined, dir);
      const sealed = sealSecret("file-key secret");
      const file = keyFilePath();
      expect(file).toBe(path.join(dir, "secret.key"));
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const content = fs.readFileSync(file, "utf8");
      expect(Buffer.from(content.trim(), "base64").length).toBe(32);
      applyEnv(undefined, dir); // a "restart" reads the same key
      expect(openSecret(sealed)).toBe("file-key secret");
      expect(fs.readFileSync(file, "utf8")).toBe(content);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
