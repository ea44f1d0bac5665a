/* Where a re-key puts the new repository (pure; no I/O): the destination's config with only its location
 * part changed — a folder next to the old one (local, SFTP: "<path>-rekey-<stamp>"), a sibling prefix
 * (S3: "<prefix>-rekey-<stamp>", or "rekey-<stamp>" at the bucket's root) or a sibling path on the same
 * REST server — or the location the admin gave (a folder, a prefix or a URL). Everything else (endpoint,
 * bucket, host, user, CA, host keys) and the provider secrets stay the destination's own, so the new
 * repository is reached exactly the way the old one was. `locationLabel` is what pages show. */
import path from "node:path";

export type DestinationKind = "local" | "s3" | "sftp" | "rest";

export class LocationInvalid extends Error {}

/** "20261203-1114": the day and minute the re-key was asked for (a second re-key gets another name). */
export function rekeyStamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 16).replace(":", "")}`;
}

function siblingPath(p: string, stamp: string): string {
  const trimmed = p.replace(/\/+$/, "") || "/";
  if (trimmed === "/")
    throw new LocationInvalid("The repository is at the root folder; give a location for the new one.");
  return `${trimmed}-rekey-${stamp}`;
}

function restUrl(url: string, stamp: string): string {
  const u = new URL(url);
  const p = u.pathname.replace(/\/+$/, "");
  u.pathname = p ? `${p}-rekey-${stamp}/` : `/rekey-${stamp}/`;
  return u.toString();
}

export function newRepositoryConfig(
  type: DestinationKind,
  config: Record<string, unknown>,
  opts: { stamp: string; location?: string },
): Record<string, unknown> {
  const loc = opts.location?.trim();
  switch (type) {
    case "local":
    case "sftp": {
      const old = String(config.path ?? "");
      const next = loc ?? siblingPath(old, opts.stamp);
      if (type === "local" && !path.isAbsolute(next))
        throw new LocationInvalid("Give an absolute folder, e.g. /srv/backups/new.");
      if (next.replace(/\/+$/, "") === old.replace(/\/+$/, ""))
        throw new LocationInvalid("The new repository needs another folder than the old one.");
      return { ...config, path: next };
    }
    case "s3": {
      const old = typeof config.prefix === "string" ? config.prefix : "";
      const next = (loc ?? (old ? `${old}-rekey-${opts.stamp}` : `rekey-${opts.stamp}`)).replace(/^\/+|\/+$/g, "");
      if (!next || /\s/.test(next)) throw new LocationInvalid("Give a prefix without spaces, e.g. backups-2026.");
      if (next === old) throw new LocationInvalid("The new repository needs another prefix than the old one.");
      return { ...config, prefix: next };
    }
    case "rest": {
      const old = String(config.url ?? "");
      const next = loc ?? restUrl(old, opts.stamp);
      if (!/^https?:\/\/\S+$/.test(next) || next.includes("@"))
        throw new LocationInvalid("Give the new repository's URL on the REST server, without user or password.");
      if (next.replace(/\/+$/, "") === old.replace(/\/+$/, ""))
        throw new LocationInvalid("The new repository needs another URL than the old one.");
      return { ...config, url: next };
    }
  }
}

/** A display location without credentials: the folder, s3:endpoint/bucket/prefix, user@host:path, URL. */
export function locationLabel(type: DestinationKind, config: Record<string, unknown>): string {
  const c = config as Record<string, string | number | undefined>;
  switch (type) {
    case "local":
      return String(c.path);
    case "s3":
      return `s3:${String(c.endpoint)
        .replace(/^https?:\/\//, "")
        .replace(/\/$/, "")}/${c.bucket}${c.prefix ? `/${c.prefix}` : ""}`;
    case "sftp":
      return `${c.user}@${c.host}${c.port ? `:${c.port}` : ""}:${c.path}`;
    case "rest":
      return String(c.url);
  }
}
