/* The one-time password an admin's reset hands out: 16 random characters from an alphabet without
 * look-alikes (no 0/O, 1/l/I), in groups of four so it can be read out ("k7xp-…"); about 80 bits. */
import crypto from "node:crypto";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export function generateTemporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}
