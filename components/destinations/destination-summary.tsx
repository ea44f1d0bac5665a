/* How a destination is described in lists: its type label, icon and a one-line location built from
 * non-secret config only ("s3 · https://s3.example.com / lifeboat-acme/prod"). */
import { Cloud, HardDrive, Server, Globe } from "lucide-react";
import type { ReactNode } from "react";

export const DESTINATION_TYPE_LABELS: Record<string, string> = {
  local: "Local disk",
  s3: "S3-compatible",
  sftp: "SFTP",
  rest: "restic REST server",
};

export function destinationIcon(type: string): ReactNode {
  if (type === "s3") return <Cloud aria-hidden />;
  if (type === "sftp") return <Server aria-hidden />;
  if (type === "rest") return <Globe aria-hidden />;
  return <HardDrive aria-hidden />;
}

export function destinationLocation(type: string, config: Record<string, unknown>): string {
  const c = config as Record<string, string | number | boolean | undefined>;
  if (type === "local") return String(c.path ?? "");
  if (type === "s3") return `${c.endpoint ?? ""} / ${c.bucket ?? ""}${c.prefix ? `/${c.prefix}` : ""}`;
  if (type === "sftp") return `${c.user ?? ""}@${c.host ?? ""}${c.port ? `:${c.port}` : ""}:${c.path ?? ""}`;
  if (type === "rest") return String(c.url ?? "");
  return "";
}
