/* What each destination type needs: non-secret `config` (stored as JSON, shown in the UI) and `secrets`
 * (sealed). One schema per type, shared by forms, server actions, the REST API and OpenAPI. The restic
 * repository password is not an input: it is generated at creation (32 random bytes) and sealed. */
import { z } from "zod";
import { ZName } from "@/lib/projects/slug";

export const DESTINATION_TYPES = ["local", "s3", "sftp", "rest"] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

const ZAbsPath = z
  .string()
  .trim()
  .min(1, "Enter a path")
  .max(4096)
  .refine((p) => p.startsWith("/"), "Use an absolute path (starting with /)");
const ZHttpUrl = (hint: string) =>
  z
    .string()
    .trim()
    .min(1, hint)
    .max(2048)
    .refine((u) => {
      try {
        const p = new URL(u).protocol;
        return p === "http:" || p === "https:";
      } catch {
        return false;
      }
    }, hint);

export const ZLocalConfig = z.object({ path: ZAbsPath });
/** Same shapes as the engine's schemas (lib/engine/destinations/config.ts), with messages for the form.
 * The S3 endpoint is the service host WITHOUT the bucket (https:// implied; http:// only when written). */
const ZPem = z
  .string()
  .trim()
  .max(65_536)
  .refine(
    (s) => s.includes("-----BEGIN CERTIFICATE-----"),
    "Paste the CA certificate in PEM format (-----BEGIN CERTIFICATE-----)",
  );
const optionalPem = ZPem.optional().or(z.literal("").transform(() => undefined));

export const ZS3Config = z.object({
  endpoint: z
    .string()
    .trim()
    .min(1, "Enter the endpoint, e.g. s3.eu-central-1.amazonaws.com")
    .max(2048)
    .refine(
      (e) => /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(e),
      "Enter the endpoint host only, e.g. s3.eu-central-1.amazonaws.com or https://minio.example.com:9000 (no bucket or path)",
    ),
  bucket: z
    .string()
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
    .transform((v) => (v ? v.replace(/^\/+|\/+$/g, "") || undefined : undefined)),
  region: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || undefined),
  pathStyle: z.boolean().optional(),
  /** PEM of a private CA that signed the endpoint's certificate (public, not a secret)… */
  caCert: optionalPem,
  /** …or the absolute path of such a PEM file on the Lifeboat host. */
  caCertPath: ZAbsPath.optional(),
});
export const ZS3Secrets = z.object({
  accessKeyId: z.string().trim().min(1, "Enter the access key ID").max(256),
  secretAccessKey: z.string().min(1, "Enter the secret access key").max(1024),
});
export const ZSftpConfig = z.object({
  host: z
    .string()
    .trim()
    .min(1, "Enter the host name or IP address")
    .max(255)
    .refine((h) => !/[\s@/]/.test(h), "Enter the host name or IP address only"),
  port: z.coerce
    .number()
    .int()
    .min(1, "Use a port from 1 to 65535")
    .max(65535, "Use a port from 1 to 65535")
    .optional(),
  user: z
    .string()
    .trim()
    .min(1, "Enter the user name")
    .max(255)
    .refine((u) => !/[\s@:/]/.test(u), "Enter the user name only"),
  path: z.string().trim().min(1, "Enter the directory on the server").max(4096),
  /** known_hosts line(s) of the server; when given, the server's key must match them. */
  knownHosts: z
    .string()
    .trim()
    .max(16_384)
    .optional()
    .transform((k) => k || undefined),
  /** strict: only keys in knownHosts; accept-new: remember the first key, refuse a changed one; off. */
  hostKeyChecking: z.enum(["strict", "accept-new", "off"]).optional(),
});
export const ZSftpSecrets = z.object({
  privateKey: z
    .string()
    .min(1, "Paste the private SSH key")
    .max(16_384)
    .refine(
      (k) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(k),
      "Paste the whole private key, including the BEGIN/END lines",
    ),
});
export const ZRestConfig = z.object({
  url: ZHttpUrl("Enter the REST server URL, e.g. https://backup.example.com:8000/repo").refine(
    (u) => !/^https?:\/\/[^/]*@/.test(u),
    "Put the user name and password in their own fields, not in the URL",
  ),
  caCert: optionalPem,
  caCertPath: ZAbsPath.optional(),
});
export const ZRestSecrets = z.object({
  username: z.string().max(256).optional(),
  password: z.string().max(1024).optional(),
});
const ZNoSecrets = z.strictObject({}, { error: "A local destination takes no secrets" });

const common = { name: ZName, isDefault: z.boolean().optional() };

/** The body of "add a destination" (one variant per type, discriminated by `type`). */
export const ZDestinationInput = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("local"), config: ZLocalConfig, secrets: ZNoSecrets.optional() }),
  z.object({ ...common, type: z.literal("s3"), config: ZS3Config, secrets: ZS3Secrets }),
  z.object({ ...common, type: z.literal("sftp"), config: ZSftpConfig, secrets: ZSftpSecrets }),
  z.object({ ...common, type: z.literal("rest"), config: ZRestConfig, secrets: ZRestSecrets.optional() }),
]);

export const DESTINATION_CONFIG_SCHEMAS = {
  local: ZLocalConfig,
  s3: ZS3Config,
  sftp: ZSftpConfig,
  rest: ZRestConfig,
} as const;
export const DESTINATION_SECRET_SCHEMAS = {
  local: ZNoSecrets,
  s3: ZS3Secrets,
  sftp: ZSftpSecrets,
  rest: ZRestSecrets,
} as const;
