/* How a destination is listed in the settings form: its name plus a short, secret-free description
 * ("S3 · lifeboat-acme", "folder /var/backups"). */
import type { DestinationView } from "@/lib/destinations/destination-view";
import type { DestinationOption } from "./types";

export function destinationOption(d: DestinationView): DestinationOption {
  const c = d.config as Record<string, string | number | undefined>;
  const detail =
    d.type === "local"
      ? `folder ${c.path}`
      : d.type === "s3"
        ? `S3 · ${c.bucket}${c.prefix ? `/${c.prefix}` : ""}`
        : d.type === "sftp"
          ? `SFTP · ${c.host}`
          : `REST · ${String(c.url ?? "").replace(/^https?:\/\//, "")}`;
  return { id: d.id, name: d.name, type: d.type, detail, isDefault: d.isDefault };
}
