/* The session cookie's JWT, in exactly next-auth's own format (an encrypted JWE: "dir" + A256GCM, the
 * key derived from NEXTAUTH_SECRET with HKDF-SHA256 and next-auth's info string, claims iat/exp/jti,
 * 15 s clock tolerance), so cookies written by either side read on the other. The one difference: the
 * derived key is computed once per secret, not on every request. next-auth's default derives it on every
 * encode and decode, and getServerSession does both on each page render and each cookie API call:
 * under the load bench that HKDF was ~4 % of the panel thread's time. Plugged in as authOptions.jwt. */
import "server-only";
import crypto from "node:crypto";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

const CLOCK_TOLERANCE_S = 15;
const HEADER = Buffer.from(JSON.stringify({ alg: "dir", enc: "A256GCM" })).toString("base64url");
const keys = new Map<string, Buffer>();

function keyFor(secret: string | Buffer, salt: string): Buffer {
  const id = `${salt}\u0000${Buffer.from(secret).toString("base64")}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = Buffer.from(crypto.hkdfSync("sha256", secret, salt, info, 32));
    if (keys.size >= 8) keys.clear(); // a secret and a salt or two in practice
    keys.set(id, key);
  }
  return key;
}

const now = () => Math.floor(Date.now() / 1000);

export async function encodeSessionJwt({ token = {}, secret, maxAge = 30 * 24 * 60 * 60, salt = "" }: JWTEncodeParams) {
  const iat = now();
  const payload = { ...token, iat, exp: iat + maxAge, jti: crypto.randomUUID() };
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor(secret, salt), iv);
  cipher.setAAD(Buffer.from(HEADER, "ascii"));
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()]);
  return [
    HEADER,
    "",
    iv.toString("base64url"),
    body.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(".");
}

/** The token's claims, or an error (next-auth treats a throw as "no session"). */
export async function decodeSessionJwt({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[1] !== "") throw new Error("session token: not a dir JWE");
  const [header, , iv, body, tag] = parts as [string, string, string, string, string];
  const h = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as Record<string, unknown>;
  if (h.alg !== "dir" || h.enc !== "A256GCM" || Object.keys(h).length !== 2)
    throw new Error("session token: unexpected header");
  const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor(secret, salt), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(header, "ascii"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  const claims = JSON.parse(text) as JWT & { exp?: unknown; nbf?: unknown; iat?: unknown };
  if (!claims || typeof claims !== "object" || Array.isArray(claims)) throw new Error("session token: not claims");
  const t = now();
  if (claims.exp !== undefined && (typeof claims.exp !== "number" || claims.exp <= t - CLOCK_TOLERANCE_S))
    throw new Error("session token: expired");
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf > t + CLOCK_TOLERANCE_S))
    throw new Error("session token: not yet valid");
  if (claims.iat !== undefined && typeof claims.iat !== "number") throw new Error("session token: bad iat");
  return claims;
}
