/* What a destination is, as the engine sees it: the DestinationSpec contract (lib/destinations builds it
 * with secrets opened) and one zod schema per destination type that checks config + secrets at the
 * engine's boundary (jsonb from the database is not trusted to have the right shape). Shapes only; no
 * files or processes here. Invariant: nothing secret lives in `config` — keys and passwords are in
 * `secrets`; a custom CA certificate and known_hosts lines are public and live in `config`. These are the
 * only destination config schemas: lib/destinations/schema.ts adds the domain's rules (name, default,
 * no secrets for a folder, an empty PEM field) on top. */
import { z } from "zod";

export const DESTINATION_TYPES = ["local", "s3", "sftp", "rest"] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

export type DestinationSpec = {
  type: DestinationType;
  config: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  /** the restic repository password */
  repoPassword: string;
};

/* Messages are the ones the panel's forms show (lib/destinations/schema.ts builds the form schema on
 * these); the length caps keep a stored row sane. Browser-safe (zod only). */
const text = (hint: string, max: number) => z.string({ message: hint }).trim().min(1, hint).max(max);
const pem = z
  .string()
  .trim()
  .max(65_536)
  .refine(
    (s) => s.includes("-----BEGIN CERTIFICATE-----"),
    "Paste the CA certificate in PEM format (-----BEGIN CERTIFICATE-----)",
  );

const absPath = text("Enter a path", 4096).refine((p) => p.startsWith("/"), "Use an absolute path (starting with /)");
const port = z.coerce
  .number()
  .int("Use a whole number")
  .min(1, "Use a port from 1 to 65535")
  .max(65535, "Use a port from 1 to 65535");

export const ZLocalConfig = z.object({ path: absPath });

/** Every S3-compatible provider (AWS, Backblaze B2, Wasabi, DigitalOcean Spaces, Cloudflare R2, iDrive e2,
 * Oracle, MinIO, …) is described the same way: the service endpoint WITHOUT the bucket name, and the
 * bucket separately. `https://` is implied; `http://` only when written out (a LAN MinIO). */
export const ZS3Config = z.object({
  endpoint: text("Enter the endpoint, e.g. s3.eu-central-1.amazonaws.com", 2048).refine(
    (e) => /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(e),
    "Enter the endpoint host only, e.g. s3.eu-central-1.amazonaws.com or https://minio.example.com:9000 (no bucket or path)",
  ),
  bucket: z
    .string({ message: "Enter the bucket name" })
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "Bucket names are 3–63 characters: lowercase letters, digits, dots and hyphens",
    ),
  prefix: z
    .string()
    .trim()
    .max(1024)
    .regex(/^[^\s]*$/, "The prefix cannot contain spaces")
    .optional()
    .transform((p) => (p ? p.replace(/^\/+|\/+$/g, "") || undefined : undefined)),
  region: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((r) => r || undefined),
  /** bucket in the path (https://endpoint/bucket) instead of a virtual host (https://bucket.endpoint) */
  pathStyle: z.boolean().optional(),
  /** PEM of a private CA that signed the endpoint's certificate… */
  caCert: pem.optional(),
  /** …or the absolute path of such a PEM file on the Lifeboat host */
  caCertPath: absPath.optional(),
});
export const ZS3Secrets = z.object({
  accessKeyId: text("Enter the access key ID", 256),
  secretAccessKey: z.string({ message: "Enter the secret access key" }).min(1, "Enter the secret access key").max(1024),
});

export const ZSftpConfig = z.object({
  host: text("Enter the host name or IP address", 255).refine(
    (h) => !/[\s@/]/.test(h),
    "Enter the host name or IP address only",
  ),
  port: port.optional(),
  user: text("Enter the user name", 255).refine((u) => !/[\s@:/]/.test(u), "Enter the user name only"),
  path: text("Enter the directory on the server", 4096),
  /** known_hosts lines for the server; when given, the server's key must match them */
  knownHosts: z
    .string()
    .trim()
    .max(16_384)
    .optional()
    .transform((k) => k || undefined),
  /** "strict": only keys in knownHosts; "accept-new": remember the first key seen, refuse a changed one;
   * "off": no checking. Default: strict with knownHosts, accept-new without. */
  hostKeyChecking: z.enum(["strict", "accept-new", "off"]).optional(),
});
export const ZSftpSecrets = z.object({
  privateKey: z
    .string({ message: "Paste the private SSH key" })
    .min(1, "Paste the private SSH key")
    .max(16_384)
    .refine(
      (k) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(k),
      "Paste the whole private key, including the BEGIN/END lines",
    ),
});

export const ZRestConfig = z.object({
  url: text("Enter the REST server URL, e.g. https://backup.example.com:8000/repo", 2048)
    .refine((u) => /^https?:\/\/\S+$/.test(u), "Enter the REST server URL, e.g. https://backup.example.com:8000/repo")
    .refine((u) => !u.includes("@"), "Put the user name and password in their own fields, not in the URL"),
  caCert: pem.optional(),
  caCertPath: absPath.optional(),
});
/** `username` (lib/destinations' name); `user` accepted as an alias. */
export const ZRestSecrets = z
  .object({
    username: z.string().max(256).optional(),
    user: z.string().max(256).optional(),
    password: z.string().max(1024).optional(),
  })
  .transform((s) => ({ username: s.username || s.user || undefined, password: s.password || undefined }));

export type TLocalConfig = z.infer<typeof ZLocalConfig>;
export type TS3Config = z.infer<typeof ZS3Config>;
export type TS3Secrets = z.infer<typeof ZS3Secrets>;
export type TSftpConfig = z.infer<typeof ZSftpConfig>;
export type TSftpSecrets = z.infer<typeof ZSftpSecrets>;
export type TRestConfig = z.infer<typeof ZRestConfig>;
export type TRestSecrets = z.infer<typeof ZRestSecrets>;

export class DestinationConfigInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DestinationConfigInvalid";
  }
}

/** Parses with a schema; on failure throws one readable error naming the destination type and field. */
export function parseDestinationPart<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join(".");
  throw new DestinationConfigInvalid(
    `The ${what} is not valid${field ? ` (${field})` : ""}: ${issue?.message ?? "invalid"}`,
  );
}

/** Where a destination lives, in the words a user recognises (for messages). */
export function describeDestination(spec: DestinationSpec): string {
  const c = spec.config as Record<string, string | number | undefined>;
  switch (spec.type) {
    case "local":
      return `the folder ${c.path}`;
    case "s3":
      return `bucket "${c.bucket}" at ${String(c.endpoint)
        .replace(/^https?:\/\//, "")
        .replace(/\/$/, "")}`;
    case "sftp":
      return `${c.user}@${c.host}${c.port ? `:${c.port}` : ""}:${c.path}`;
    case "rest":
      return `the REST server ${c.url}`;
  }
}
