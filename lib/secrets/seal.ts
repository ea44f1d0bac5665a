/* AES-256-GCM sealing of secrets at rest. Format (text, safe for a text column):
 *   v1:<keyId>:<base64url iv(12)>:<base64url ciphertext>:<base64url tag(16)>
 * The version prefix and key id let a later release rotate keys (re-seal with a new key while still
 * opening old values). A tampered or foreign value fails to open with a clear error instead of
 * returning garbage. Invariant: plaintext is never logged or included in error messages. */
import crypto from "node:crypto";
import { masterKey, type MasterKey } from "./master-key";

const VERSION = "v1";

export function sealSecret(plaintext: string, key: MasterKey = masterKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}:${key.id}`));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, key.id, iv.toString("base64url"), ct.toString("base64url"), tag.toString("base64url")].join(":");
}

export function isSealed(value: string): boolean {
  return /^v1:[0-9a-f]{8}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*:[A-Za-z0-9_-]+$/.test(value);
}

export function openSecret(sealed: string, key: MasterKey = masterKey()): string {
  const parts = sealed.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new Error("A stored secret has an unknown format; it was not sealed by this version of Lifeboat.");
  }
  const [version, id, ivB64, ctB64, tagB64] = parts as [string, string, string, string, string];
  if (id !== key.id) {
    throw new Error(
      "A stored secret was sealed with a different master key. Set LIFEBOAT_SECRET_KEY (or restore secret.key) to the key this installation was created with.",
    );
  }
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, Buffer.from(ivB64, "base64url"));
    decipher.setAAD(Buffer.from(`${version}:${id}`));
    decipher.setAuthTag(Buffer.from(tagB64, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ctB64, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("A stored secret could not be decrypted: it was altered or sealed with another key.");
  }
}

export function sealJson(value: unknown, key?: MasterKey): string {
  return sealSecret(JSON.stringify(value), key);
}

export function openJson<T = Record<string, string>>(sealed: string, key?: MasterKey): T {
  return JSON.parse(openSecret(sealed, key)) as T;
}
