/* The secret that signs next-auth's JWT session cookies: NEXTAUTH_SECRET, or <dataDir>/nextauth.secret
 * generated with mode 0600 on first start. bootstrap() copies it into process.env.NEXTAUTH_SECRET so
 * every part of the process (route handlers, getServerSession, proxy) signs and checks with the same one.
 * Several panel nodes on one PostgreSQL must share NEXTAUTH_SECRET (set it explicitly). */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

export function nextAuthSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET || env().NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(env().dataDir, "nextauth.secret");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  process.env.NEXTAUTH_SECRET = secret;
  return secret;
}
