/* The session JWT with a derived key computed once (session-jwt.ts) against next-auth's own encode and
 * decode: a cookie written by either reads on the other (sessions survive the switch, both ways), and a
 * token that was tampered with, is expired, carries another header or was made with another secret or
 * salt is refused. */
import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionJwt, encodeSessionJwt } from "./session-jwt";

const secret = "session-jwt-test-secret-0123456789abcdef";
const token = { sub: "u-1", email: "a@b.test", sid: "s-1", name: null };

describe("session JWT", () => {
  it("reads next-auth's tokens and next-auth reads its tokens", async () => {
    const theirs = await encode({ token, secret, maxAge: 3600 });
    expect(await decodeSessionJwt({ token: theirs, secret })).toMatchObject(token);
    const ours = await encodeSessionJwt({ token, secret, maxAge: 3600 });
    const back = await decode({ token: ours, secret });
    expect(back).toMatchObject(token);
    expect(Number(back!.exp) - Number(back!.iat)).toBe(3600);
    expect(typeof back!.jti).toBe("string");
    // Both ways with a salt too (next-auth salts nothing for the session cookie today, but may).
    const salted = await encodeSessionJwt({ token, secret, salt: "s", maxAge: 60 });
    expect(await decode({ token: salted, secret, salt: "s" })).toMatchObject(token);
    expect(
      await decodeSessionJwt({ token: await encode({ token, secret, salt: "s" }), secret, salt: "s" }),
    ).toMatchObject(token);
  });

  it("refuses a tampered, expired, foreign or odd token", async () => {
    const ours = await encodeSessionJwt({ token, secret, maxAge: 3600 });
    const parts = ours.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString("base64url"), parts[4]].join(".");
    await expect(decodeSessionJwt({ token: tampered, secret })).rejects.toThrow();
    await expect(decodeSessionJwt({ token: ours, secret: `${secret}x` })).rejects.toThrow();
    await expect(decodeSessionJwt({ token: ours, secret, salt: "other" })).rejects.toThrow();
    const expired = await encode({ token, secret, maxAge: -60 });
    await expect(decodeSessionJwt({ token: expired, secret })).rejects.toThrow(/expired/);
    await expect(decode({ token: await encodeSessionJwt({ token, secret, maxAge: -60 }), secret })).rejects.toThrow();
    const header = Buffer.from(JSON.stringify({ alg: "dir", enc: "A128GCM" })).toString("base64url");
    await expect(decodeSessionJwt({ token: [header, ...parts.slice(1)].join("."), secret })).rejects.toThrow();
    await expect(decodeSessionJwt({ token: "a.b.c", secret })).rejects.toThrow();
    expect(await decodeSessionJwt({ token: undefined, secret })).toBeNull();
  });
});
