/* libpq's sslmode for Lifeboat's own node-postgres connections (the manifest's counting transaction, a
 * test restore's scratch database and checks), so they reach a server exactly when pg_dump and psql do:
 *   disable      plain only
 *   allow        plain first, TLS when the server refuses plain
 *   prefer       TLS first (certificate not checked), plain when the server has no TLS — libpq's default
 *   require      TLS, certificate not checked (checked against sslrootcert when one is given, as libpq)
 *   verify-ca    TLS, the certificate chain is checked (sslrootcert, else Node's CA list), not the name
 *   verify-full  TLS, chain and host name checked
 * node-postgres alone knows none of this: without an sslmode it never tries TLS (a server that accepts
 * TLS only refuses it while pg_dump works), and a URL's `?sslmode=require` makes it check the
 * certificate like verify-full (a self-signed server refuses it). A URL's own sslmode/sslrootcert win
 * over the source's settings; they are taken off the URL before node-postgres parses it. */
import fs from "node:fs";
import type { ConnectionOptions } from "node:tls";
import pg from "pg";

export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The connection's TLS wishes: `first` for the first try, `fallback` for the second (absent: none). */
export type PgTlsPlan = { first: ConnectionOptions | false; fallback?: ConnectionOptions | false };

const isMode = (m: string | null | undefined): m is SslMode => !!m && (SSL_MODES as readonly string[]).includes(m);

function tlsOptions(mode: Exclude<SslMode, "disable">, rootCert: string | undefined): ConnectionOptions {
  const ca = rootCert ? fs.readFileSync(rootCert, "utf8") : undefined;
  switch (mode) {
    case "verify-full":
      return { ...(ca ? { ca } : {}), rejectUnauthorized: true };
    case "verify-ca":
      return { ...(ca ? { ca } : {}), rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case "require":
      return ca
        ? { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined }
        : { rejectUnauthorized: false };
    default:
      return { rejectUnauthorized: false };
  }
}

/** What to try for `mode` (unset: libpq's default, prefer). */
export function tlsPlan(mode: SslMode | undefined, rootCert?: string): PgTlsPlan {
  const m = mode ?? "prefer";
  if (m === "disable") return { first: false };
  if (m === "allow") return { first: false, fallback: tlsOptions("allow", rootCert) };
  if (m === "prefer") return { first: tlsOptions("prefer", rootCert), fallback: false };
  return { first: tlsOptions(m, rootCert) };
}

/** Takes sslmode and sslrootcert off a connection URL (node-postgres would read them its own way). */
export function splitUrlTls(url: string): { url: string; sslmode?: SslMode; sslrootcert?: string } {
  const u = new URL(url);
  const mode = u.searchParams.get("sslmode");
  const rootCert = u.searchParams.get("sslrootcert") ?? undefined;
  for (const k of ["sslmode", "sslrootcert", "ssl", "uselibpqcompat"]) u.searchParams.delete(k);
  if (mode && !isMode(mode)) throw new Error(`The URL's sslmode "${mode}" is not one of ${SSL_MODES.join(", ")}`);
  return {
    url: u.toString(),
    ...(isMode(mode) ? { sslmode: mode } : {}),
    ...(rootCert ? { sslrootcert: rootCert } : {}),
  };
}

/** Why a first try may be repeated the other way: the server has no TLS, or refuses the plain (or the
 * TLS) connection in pg_hba.conf. Anything else (a wrong password, a bad certificate) is final. */
function worthFallback(err: Error, triedTls: boolean): boolean {
  if (triedTls) return /does not support SSL/i.test(err.message);
  return /pg_hba\.conf|no encryption/i.test(err.message);
}

/** A connected client for `config` (its `ssl` is ignored), trying `plan.first` and then `plan.fallback`.
 * An abort ends the connection being made (the caller ends a connected one). */
export async function connectWithTls(
  config: pg.ClientConfig,
  plan: PgTlsPlan,
  signal?: AbortSignal,
): Promise<pg.Client> {
  const attempt = async (ssl: ConnectionOptions | false) => {
    signal?.throwIfAborted();
    const client = new pg.Client({ ...config, ssl });
    client.on("error", () => {}); // a dropped connection surfaces in the next query
    const onAbort = () => void client.end().catch(() => {});
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await client.connect();
      return client;
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  };
  try {
    return await attempt(plan.first);
  } catch (e) {
    if (plan.fallback === undefined || !worthFallback(e as Error, plan.first !== false)) throw e;
    return attempt(plan.fallback);
  }
}
