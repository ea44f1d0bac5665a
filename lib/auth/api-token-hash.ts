/* API tokens are 32 random bytes (prefixed "lb_" so they are recognisable in leaked-secret scanners);
 * only their sha256 is stored. A fast hash is right here: the token has 256 bits of entropy. */
import crypto from "node:crypto";

export function generateApiToken(): string {
  return `lb_${crypto.randomBytes(32).toString("base64url")}`;
}

export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}
