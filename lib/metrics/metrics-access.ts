/* Who may scrape /metrics: nobody when LIFEBOAT_METRICS_TOKEN is unset or empty (the endpoint does not
 * exist, 404), else only a request with `Authorization: Bearer <that token>` (401 otherwise). The
 * comparison hashes both sides and compares the digests in constant time, so neither the token's
 * content nor its length leaks through timing. */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export type MetricsAccess = "off" | "denied" | "allowed";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

export function metricsAccess(authorization: string | null): MetricsAccess {
  const token = env().LIFEBOAT_METRICS_TOKEN?.trim();
  if (!token) return "off";
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return "denied";
  return timingSafeEqual(digest(match[1]!.trim()), digest(token)) ? "allowed" : "denied";
}
