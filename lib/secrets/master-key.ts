/* The master key that seals every secret at rest. Taken from LIFEBOAT_SECRET_KEY (base64 of exactly 32
 * bytes; generate one with `openssl rand -base64 32`) or, when unset, from <dataDir>/secret.key, which
 * is created with mode 0600 on first start. Losing this key makes every stored secret unreadable
 * (the backups themselves stay readable with their recovery kit). Invariant: the key never leaves this
 * process and is never logged. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

export type MasterKey = { id: string; key: Buffer };

let cached: { source: string; key: MasterKey } | undefined;

function keyId(key: Buffer): string {
  // A short fingerprint lets a future rotation tell which key sealed a value; it reveals nothing useful.
  return crypto.createHash("sha256").update(key).digest("hex").slice(0, 8);
}

function decodeEnvKey(value: string): Buffer {
  const key = Buffer.from(value.trim(), "base64");
  if (key.length !== 32) {
    throw new Error(
      "LIFEBOAT_SECRET_KEY must be base64 of exactly 32 bytes (generate one with: openssl rand -base64 32).",
    );
  }
  return key;
}

export function keyFilePath(): string {
  return path.join(env().dataDir, "secret.key");
}

function readOrCreateKeyFile(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    const fresh = crypto.randomBytes(32);
    // "wx" fails if the file exists, so two processes starting at once cannot each write a different key.
    fs.writeFileSync(file, fresh.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    return fresh;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new Error(`The key file ${file} is damaged: it must hold base64 of 32 bytes.`);
  return key;
}

export function masterKey(): MasterKey {
  const fromEnv = env().LIFEBOAT_SECRET_KEY;
  const source = fromEnv ? `env:${fromEnv}` : `file:${keyFilePath()}`;
  if (cached?.source === source) return cached.key;
  const key = fromEnv ? decodeEnvKey(fromEnv) : readOrCreateKeyFile(keyFilePath());
  cached = { source, key: { id: keyId(key), key } };
  return cached.key;
}
