/* What each source type needs: the non-secret `config` (stored as JSON) and the `secrets` (sealed).
 * One schema per type, shared by forms, server actions, the REST API and the OpenAPI document.
 * Invariant: nothing secret is ever put in `config` (config is returned to browsers and the API). */
import { z } from "zod";
import { ZName } from "@/lib/projects/slug";
import { ZSmokeQuery } from "@/lib/proof/schema";
import { ZSourceRole } from "./source-role";

export const SOURCE_TYPES = ["postgres", "mysql", "sqlite", "directory", "command"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

const ZHost = z.string().trim().min(1, "Enter the host name or IP address").max(255);
const ZPort = z.coerce
  .number()
  .int("Use a whole number")
  .min(1, "Use a port from 1 to 65535")
  .max(65535, "Use a port from 1 to 65535");
/** A required text field whose absence (the form leaves empty fields out) reads like its emptiness. */
const requiredString = (message: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? message : undefined) })
    .trim()
    .min(1, message);

const ZAbsPath = requiredString("Enter a path")
  .max(4096)
  .refine((p) => p.startsWith("/"), "Use an absolute path (starting with /)");

/** Why a database URL cannot be used (unparsable host such as "[bad", port outside 1–65535), or null. */
function connectionUrlProblem(raw: string): string | null {
  if (!/^[a-z]+:\/\//.test(raw)) return null; // the scheme check above already names it
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "This URL cannot be read: check the host (an IPv6 address goes in [brackets]) and that the port is 1–65535";
  }
  if (url.port !== "" && (Number(url.port) < 1 || Number(url.port) > 65535)) return "Use a port from 1 to 65535";
  return null;
}

/** Point-in-time recovery of a PostgreSQL source (API.md §Point-in-time recovery). baseBackupCron:
 * when base backups are taken (default daily at 03:00 UTC, `DEFAULT_BASE_BACKUP_CRON`). */
export const DEFAULT_BASE_BACKUP_CRON = "0 3 * * *";
export const ZPitrConfig = z.object({
  enabled: z.boolean({ error: "Say whether continuous (point-in-time) backup is on: true or false" }),
  baseBackupCron: z
    .string()
    .trim()
    .max(200)
    .regex(/^(\S+\s+){4}\S+$/, "Use a cron expression with five fields, e.g. 0 3 * * *")
    .optional()
    .transform((v) => v || undefined),
});
export type TPitrConfig = z.infer<typeof ZPitrConfig>;

/** Database sources: host/port/database/user, or leave them empty and give a connection URL as a secret. */
const ZDatabaseConfig = z.object({
  host: ZHost.optional(),
  port: ZPort.default(5432),
  database: z.string().trim().min(1, "Enter the database name").max(255).optional(),
  user: z.string().trim().min(1, "Enter the user name").max(255).optional(),
  sslmode: z.enum(["disable", "prefer", "require", "verify-ca", "verify-full"]).optional(),
  /** Queries a test restore runs on the scratch copy (e.g. `select count(*) from orders`). */
  smokeQueries: z.array(ZSmokeQuery).max(20, "At most 20 smoke queries per source").optional(),
  /** Where test restores create their scratch database instead of this server (same credentials). */
  testServer: z
    .object({ host: ZHost, port: ZPort.optional(), user: z.string().trim().min(1).max(255).optional() })
    .optional(),
});
export const ZPostgresConfig = ZDatabaseConfig.extend({ pitr: ZPitrConfig.optional() });
export const ZMysqlConfig = ZDatabaseConfig.omit({ sslmode: true }).extend({ port: ZPort.default(3306) });
export const ZDatabaseSecrets = z.object({
  password: z.string().max(1024).optional(),
  url: z
    .string()
    .trim()
    .max(4096)
    .refine(
      (u) => /^(postgres(ql)?|mysql|mariadb):\/\//.test(u),
      "Use a URL like postgres://user:password@host:5432/db",
    )
    .superRefine((u, ctx) => {
      const problem = connectionUrlProblem(u);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
});

export const ZSqliteConfig = z.object({ path: ZAbsPath, smokeQueries: ZPostgresConfig.shape.smokeQueries });
export const ZDirectoryConfig = z.object({
  path: ZAbsPath,
  exclude: z.array(z.string().trim().min(1).max(1024)).max(200).optional(),
  /** Paths every snapshot must hold (relative to `path`, or absolute; a trailing / asks for a folder);
   * a snapshot without one fails its verification (API.md §Proof). */
  requiredPaths: z
    .array(
      z
        .string()
        .trim()
        .min(1, "Enter a path")
        .max(1024, "Keep each path under 1024 characters")
        .refine((p) => !p.split("/").includes(".."), "A required path cannot go up with .."),
    )
    .max(100, "Name at most 100 required paths")
    .optional(),
});
export const ZCommandConfig = z.object({
  backupCommand: requiredString("Enter the command that writes the backup to stdout").max(4096),
  restoreCommand: z
    .string()
    .trim()
    .max(4096)
    .optional()
    .transform((v) => v || undefined),
});
/** A command source's secrets are environment variables handed to its commands. */
export const ZCommandSecrets = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Use a valid environment variable name (letters, digits, _)"),
  z.string().max(4096),
);
export const ZNoSecrets = z.strictObject({}, { error: "This source type takes no secrets" });

export const ZHook = z.object({
  command: z.string().trim().min(1, "Enter a command").max(4096),
  timeoutSeconds: z.coerce.number().int().min(1).max(86_400).optional(),
});
export const ZHooks = z.object({ pre: ZHook.optional(), post: ZHook.optional() });

const ZWorkerLabel = z
  .string()
  .trim()
  .max(63)
  .regex(/^[a-z0-9._-]*$/i, "Use letters, digits, dots, hyphens or underscores")
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

/** role: left out means the type's default (lib/sources/source-role.ts). */
const common = {
  name: ZName,
  hooks: ZHooks.nullable().optional(),
  workerLabel: ZWorkerLabel,
  role: ZSourceRole.optional(),
};

/** The body of "add a source" (one variant per type, discriminated by `type`). */
export const ZSourceInput = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("postgres"), config: ZPostgresConfig, secrets: ZDatabaseSecrets.optional() }),
  z.object({ ...common, type: z.literal("mysql"), config: ZMysqlConfig, secrets: ZDatabaseSecrets.optional() }),
  z.object({ ...common, type: z.literal("sqlite"), config: ZSqliteConfig, secrets: ZNoSecrets.optional() }),
  z.object({ ...common, type: z.literal("directory"), config: ZDirectoryConfig, secrets: ZNoSecrets.optional() }),
  z.object({ ...common, type: z.literal("command"), config: ZCommandConfig, secrets: ZCommandSecrets.optional() }),
]);

export const CONFIG_SCHEMAS = {
  postgres: ZPostgresConfig,
  mysql: ZMysqlConfig,
  sqlite: ZSqliteConfig,
  directory: ZDirectoryConfig,
  command: ZCommandConfig,
} as const;
export const SECRET_SCHEMAS = {
  postgres: ZDatabaseSecrets,
  mysql: ZDatabaseSecrets,
  sqlite: ZNoSecrets,
  directory: ZNoSecrets,
  command: ZCommandSecrets,
} as const;

/** Database sources need either host+database+user in config or a connection URL secret. Returns field
 * errors keyed like the form ("config.host"); empty when complete. Checked on create and after merging
 * an update with what is stored. */
export function missingConnectionFields(
  type: SourceType,
  config: Record<string, unknown>,
  secrets: Record<string, unknown>,
): Record<string, string> {
  if (type !== "postgres" && type !== "mysql") return {};
  if (typeof secrets.url === "string" && secrets.url) return {};
  const fields: Record<string, string> = {};
  if (!config.host) fields["config.host"] = "Enter the host name (or give a connection URL instead)";
  if (!config.database) fields["config.database"] = "Enter the database name";
  if (!config.user) fields["config.user"] = "Enter the user name";
  return fields;
}
