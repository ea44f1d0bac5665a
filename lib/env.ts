/* Environment variables, validated once with zod. Owns the names and defaults of every setting Lifeboat
 * reads from the process environment; nothing else reads process.env directly. Read lazily (env()) so
 * tests and scripts can set variables before first use. */
import os from "node:os";
import path from "node:path";
import { z } from "zod";

/** An optional setting where an empty value means unset. */
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const ZEnv = z
  .object({
    DATABASE_URL: z
      .string()
      .url()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    LIFEBOAT_DATA_DIR: z.string().default("./data"),
    LIFEBOAT_SECRET_KEY: z.string().optional(),
    LIFEBOAT_ADMIN_EMAIL: z
      .string()
      .email()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    LIFEBOAT_ADMIN_PASSWORD: z.string().optional(),
    NEXTAUTH_SECRET: z.string().optional(),
    LIFEBOAT_EMBEDDED_WORKER: z.enum(["on", "off"]).default("on"),
    LIFEBOAT_WORKER_LABELS: z.string().default(""),
    LIFEBOAT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    // How many sources of one environment a backup runs at once (default: the number of cores).
    LIFEBOAT_BACKUP_PARALLEL_SOURCES: z.coerce
      .number()
      .int()
      .min(1)
      .max(64)
      .default(() => os.availableParallelism()),
    LIFEBOAT_SCHEDULER: z.enum(["on", "off"]).default("on"),
    // Trust X-Forwarded-For / X-Real-IP for the client address (sign-in limits, audit IPs) only behind a proxy.
    LIFEBOAT_TRUST_PROXY: z.enum(["on", "off"]).default("off"),
    // A running job whose worker has not sent a heartbeat for this long is handed to another worker.
    LIFEBOAT_JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
    // How long an operation waits for a repository another one holds (a prune, a check, a backup) before it
    // fails with a clear "busy" error. Workers, the panel and every host share these locks.
    LIFEBOAT_REPOSITORY_LOCK_WAIT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    LIFEBOAT_JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(2),
    // The wait before a copy job's first retry (doubling after each; lib/copies/copy-job.ts).
    LIFEBOAT_COPY_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    // Bearer token that opens GET /metrics (Prometheus); unset or empty keeps the endpoint off (404).
    LIFEBOAT_METRICS_TOKEN: z.string().optional(),
    // The alert evaluator (overdue, failed, unreachable, stuck) runs this often in every process (leased).
    LIFEBOAT_ALERTS: z.enum(["on", "off"]).default("on"),
    /** Fire scheduled test restores from this process (leased: one process at a time decides). */
    LIFEBOAT_TEST_RESTORES: z.enum(["on", "off"]).default("on"),
    /** Daily integrity checks of every destination (`restic check` + a rotating data read). */
    LIFEBOAT_CHECKS: z.enum(["on", "off"]).default("on"),
    /** The hour (UTC) of the daily check slot. */
    LIFEBOAT_CHECK_HOUR: z.coerce.number().int().min(0).max(23).default(3),
    /** A daily check reads 1/t of the data, so every pack is read once every t checks (a month by default). */
    LIFEBOAT_CHECK_READ_DATA_RUNS: z.coerce.number().int().min(1).max(365).default(30),
    LIFEBOAT_ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    // Reminders for open, unacknowledged alerts (hours; 0 = none).
    LIFEBOAT_ALERT_REMINDER_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 30)
      .default(24),
    // Single sign-on with OpenID Connect (lib/auth/oidc-config.ts): on when the issuer is set.
    LIFEBOAT_OIDC_ISSUER: optionalText.pipe(z.url("must be the issuer URL, e.g. https://id.example.com").optional()),
    LIFEBOAT_OIDC_CLIENT_ID: optionalText,
    LIFEBOAT_OIDC_CLIENT_SECRET: optionalText,
    /** The claim the role is read from: a string or an array of strings (e.g. groups, role, roles). */
    LIFEBOAT_OIDC_ROLE_CLAIM: z.string().trim().min(1).default("groups"),
    /** Comma-separated claim values that make an admin / an operator; anyone else is a viewer. */
    LIFEBOAT_OIDC_ADMIN_VALUES: z.string().default(""),
    LIFEBOAT_OIDC_OPERATOR_VALUES: z.string().default(""),
    /** Comma-separated e-mail domains allowed to sign in through SSO; empty: any domain. */
    LIFEBOAT_OIDC_ALLOWED_DOMAINS: z.string().default(""),
    /** The scopes asked for (add e.g. "groups" when the provider needs it for the role claim). */
    LIFEBOAT_OIDC_SCOPE: z.string().trim().min(1).default("openid email profile"),
    /** The button label: "Sign in with <name>". */
    LIFEBOAT_OIDC_NAME: z.string().trim().min(1).max(40).default("single sign-on"),
    RESTIC_BIN: z.string().default("restic"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((e, ctx) => {
    if (!e.LIFEBOAT_OIDC_ISSUER) return;
    for (const key of ["LIFEBOAT_OIDC_CLIENT_ID", "LIFEBOAT_OIDC_CLIENT_SECRET"] as const) {
      if (!e[key])
        ctx.addIssue({ code: "custom", path: [key], message: "is required when LIFEBOAT_OIDC_ISSUER is set" });
    }
  });

export type Env = z.infer<typeof ZEnv> & { dataDir: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = { ...parsed.data, dataDir: path.resolve(parsed.data.LIFEBOAT_DATA_DIR) };
  return cached;
}

/** Tests change variables between cases; this forgets the cached parse. */
export function resetEnvCache(): void {
  cached = undefined;
}
