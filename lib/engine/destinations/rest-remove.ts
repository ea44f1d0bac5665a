/* Removing a restic repository from a REST server (restic has no "delete repository"): restic's REST
 * protocol (v2) lists `keys/`, `locks/`, `snapshots/`, `index/` and `data/` (GET /<type>/) and deletes
 * each file (DELETE /<type>/<name>). Keys go first: from the first deletion on, nobody can open what
 * is left. The protocol has no DELETE for `config`: that one encrypted file stays, unreadable without a
 * key. A place without a `config` is refused (RestNotARepository), so a wrong row empties nothing. An
 * append-only server refuses the deletes (the error says so). Basic auth and the CA as restic uses them. */
import fs from "node:fs";
import { type DestinationSpec, ZRestConfig, ZRestSecrets } from "./config";
import { httpRequest } from "./http-request";

export class RestNotARepository extends Error {}

const TYPES = ["keys", "locks", "snapshots", "index", "data"] as const;
const NAME = /^[0-9a-f]{64}$/;

type Target = { url: string; username?: string; password?: string; caCertPem?: string; timeoutMs?: number };

function send(t: Target, method: "GET" | "HEAD" | "DELETE", rel: string) {
  const headers: Record<string, string> = { accept: "application/vnd.x.restic.rest.v2" };
  if (t.username || t.password)
    headers.authorization = `Basic ${Buffer.from(`${t.username ?? ""}:${t.password ?? ""}`).toString("base64")}`;
  return httpRequest({
    url: `${t.url.replace(/\/+$/, "")}/${rel}`,
    method,
    headers,
    caCertPem: t.caCertPem,
    timeoutMs: t.timeoutMs,
    label: `REST ${method}`,
  });
}

/** The file names of one type (`keys`, `data`, …) the server lists. */
export async function listRestFiles(t: Target, type: (typeof TYPES)[number]): Promise<string[]> {
  const r = await send(t, "GET", `${type}/`);
  if (r.status === 404) return [];
  if (r.status !== 200) throw new Error(`The REST server answered ${r.status} listing ${type}/`);
  const items = JSON.parse(r.body) as ({ name: string } | string)[];
  return items.map((x) => (typeof x === "string" ? x : x.name)).filter((n) => NAME.test(n));
}

export async function removeRestRepository(t: Target): Promise<{ deleted: number }> {
  const config = await send(t, "HEAD", "config");
  if (config.status !== 200) throw new RestNotARepository(`${t.url} holds no restic repository; it was left alone.`);
  let deleted = 0;
  for (const type of TYPES) {
    for (const name of await listRestFiles(t, type)) {
      const r = await send(t, "DELETE", `${type}/${name}`);
      if (r.status !== 200 && r.status !== 204 && r.status !== 404)
        throw new Error(`The REST server answered ${r.status} deleting ${type}/${name} (append-only?)`);
      deleted++;
    }
  }
  return { deleted };
}

/** removeRestRepository for a REST destination spec (its URL, CA and basic-auth secrets). */
export function removeRestRepositoryOf(spec: DestinationSpec): Promise<{ deleted: number }> {
  const c = ZRestConfig.parse(spec.config);
  const s = ZRestSecrets.parse(spec.secrets ?? {});
  const caCertPem = c.caCert ?? (c.caCertPath ? fs.readFileSync(c.caCertPath, "utf8") : undefined);
  return removeRestRepository({ url: c.url, username: s.username, password: s.password, caCertPem });
}
