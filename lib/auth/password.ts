/* Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes). Plain passwords are only ever
 * held in memory for the duration of one hash or verify call. */
import "server-only";
import argon2 from "argon2";

export { ZPassword } from "./password-rules";

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, OPTIONS);
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real verify, so "no such user" cannot be told apart by timing. */
export async function burnPasswordCheck(plain: string): Promise<void> {
  dummy ??= hashPassword("lifeboat-timing-equaliser");
  await verifyPassword(await dummy, plain);
}
