/* The destination operations' schemas: add (and verify before adding), update. Config and secrets per
 * type are the engine's schemas (lib/engine/destinations/config.ts, the only ones); this adds the
 * domain's rules on top: a name, the default flag, no secrets for a folder, and an empty PEM field in
 * a form meaning "none". The Destinations page's form and the gear screen's inline form validate with
 * these in the browser; the server actions and REST routes with the same. Browser-safe (zod only). */
import { z } from "zod";
import {
  DESTINATION_TYPES,
  type DestinationType,
  ZLocalConfig,
  ZRestConfig as ZEngineRestConfig,
  ZRestSecrets,
  ZS3Config as ZEngineS3Config,
  ZS3Secrets,
  ZSftpConfig,
  ZSftpSecrets,
} from "@/lib/engine/destinations/config";
import { ZName } from "@/lib/projects/slug";

export { DESTINATION_TYPES, type DestinationType, ZLocalConfig, ZRestSecrets, ZS3Secrets, ZSftpConfig, ZSftpSecrets };

const optionalPem = ZEngineS3Config.shape.caCert.or(z.literal("").transform(() => undefined));
export const ZS3Config = ZEngineS3Config.extend({ caCert: optionalPem });
export const ZRestConfig = ZEngineRestConfig.extend({ caCert: optionalPem });
const ZNoSecrets = z.strictObject({}, { error: "A local destination takes no secrets" });

/** A repository password chosen when adding a destination: the password of an existing restic repository
 * to adopt, or the one a new repository gets (instead of a generated one). restic reads it as one line. */
export const ZRepositoryPassword = z
  .string()
  .min(8, "Use at least 8 characters")
  .max(1024, "At most 1024 characters")
  .refine((s) => !/[\r\n]/.test(s), "A repository password cannot contain line breaks");
const ZChosenPassword = z.object({ repositoryPassword: ZRepositoryPassword.optional() });
const ZLocalSecrets = z.strictObject(
  { repositoryPassword: ZRepositoryPassword.optional() },
  { error: "A local destination takes no secrets except the repository password" },
);

const common = { name: ZName, isDefault: z.boolean().optional() };

/** The body of "add a destination" (one variant per type, discriminated by `type`). `secrets` may carry
 * `repositoryPassword` (never stored with the provider secrets: it becomes the repository password). */
export const ZDestinationInput = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("local"), config: ZLocalConfig, secrets: ZLocalSecrets.optional() }),
  z.object({ ...common, type: z.literal("s3"), config: ZS3Config, secrets: ZS3Secrets.and(ZChosenPassword) }),
  z.object({ ...common, type: z.literal("sftp"), config: ZSftpConfig, secrets: ZSftpSecrets.and(ZChosenPassword) }),
  z.object({
    ...common,
    type: z.literal("rest"),
    config: ZRestConfig,
    secrets: ZRestSecrets.and(ZChosenPassword).optional(),
  }),
]);

/** Splits the chosen repository password off the provider secrets. */
export function splitRepositoryPassword(secrets: Record<string, unknown> | undefined): {
  repositoryPassword?: string;
  providerSecrets: Record<string, string>;
} {
  const { repositoryPassword, ...rest } = (secrets ?? {}) as Record<string, unknown>;
  const providerSecrets = Object.fromEntries(
    Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
  return {
    ...(typeof repositoryPassword === "string" && repositoryPassword ? { repositoryPassword } : {}),
    providerSecrets,
  };
}
export type TDestinationInput = z.input<typeof ZDestinationInput>;

/** The body of "add a destination": the input above, plus `chunkerParamsFrom` — the id of a destination
 * whose repository's chunker parameters the new repository copies (`restic init --copy-chunker-params`),
 * so `restic copy` into it deduplicates. Ignored when the place already holds a repository (adopted). */
export const ZCreateDestination = ZDestinationInput.and(
  z.object({ chunkerParamsFrom: z.uuid("Choose a destination from the list").optional() }),
);
export type TCreateDestination = z.input<typeof ZCreateDestination>;
/** Verifying an unsaved destination takes the same fields as adding it, so the form sends one shape. */
export const ZVerifyDestinationInput = ZDestinationInput;
export type TVerifyDestinationInput = TDestinationInput;

/** The body of "edit a destination": the type is fixed; config and secrets are checked against the
 * stored type's schemas below (a secret left out keeps the stored one). */
export const ZUpdateDestination = z.object({
  name: ZName.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  secrets: z.record(z.string(), z.string().max(16_384)).optional(),
  /** true makes this the default; false is accepted only where it changes nothing (see update-destination). */
  isDefault: z.boolean().optional(),
});
export type TUpdateDestination = z.input<typeof ZUpdateDestination>;

export const DESTINATION_CONFIG_SCHEMAS = {
  local: ZLocalConfig,
  s3: ZS3Config,
  sftp: ZSftpConfig,
  rest: ZRestConfig,
} as const satisfies Record<DestinationType, z.ZodType>;
export const DESTINATION_SECRET_SCHEMAS = {
  local: ZNoSecrets,
  s3: ZS3Secrets,
  sftp: ZSftpSecrets,
  rest: ZRestSecrets,
} as const satisfies Record<DestinationType, z.ZodType>;

/** What "Verify connection" of an unsaved destination answers. */
export type UnsavedDestinationVerifyResult =
  | { ok: true; initialized: boolean }
  | { ok: false; problem: string; message: string };
