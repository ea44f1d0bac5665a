/* How a source is described in lists: its type label and icon, and a one-line target ("postgres@
 * 127.0.0.1:5432/app", "/var/lib/app/uploads"). Only non-secret config is shown. */
import { Database, FileBox, FolderOpen, Terminal } from "lucide-react";
import type { ReactNode } from "react";

export const SOURCE_TYPE_LABELS: Record<string, string> = {
  postgres: "PostgreSQL",
  mysql: "MySQL / MariaDB",
  sqlite: "SQLite",
  directory: "Directory",
  command: "Custom command",
};

export function sourceIcon(type: string): ReactNode {
  if (type === "directory") return <FolderOpen aria-hidden />;
  if (type === "sqlite") return <FileBox aria-hidden />;
  if (type === "command") return <Terminal aria-hidden />;
  return <Database aria-hidden />;
}

export function sourceTarget(type: string, config: Record<string, unknown>, secretKeys: string[]): string {
  const c = config as Record<string, string | number | string[] | undefined>;
  if (type === "postgres" || type === "mysql") {
    if (!c.host && secretKeys.includes("url")) return "connection URL (secret)";
    return `${c.user ? `${c.user}@` : ""}${c.host ?? "?"}:${c.port ?? (type === "postgres" ? 5432 : 3306)}/${c.database ?? ""}`;
  }
  if (type === "sqlite" || type === "directory") {
    const ex = Array.isArray(c.exclude) && c.exclude.length ? ` (excluding ${c.exclude.length})` : "";
    return `${c.path ?? ""}${ex}`;
  }
  if (type === "command") return String(c.backupCommand ?? "");
  return "";
}
