/* The shapes of the API answers the CLI reads (API.md), checked with zod where it reads them. Loose
 * objects: fields the server adds later pass through to --json output untouched. */
import { z } from "zod";

const ZError = z.looseObject({ code: z.string(), message: z.string() });
const ZProgress = z.looseObject({
  percent: z.number(),
  bytesDone: z.number().optional(),
  bytesTotal: z.number().optional(),
  etaSeconds: z.number().nullable().optional(),
  phase: z.string().optional(),
});
export type TProgress = z.infer<typeof ZProgress>;

export const ZToken = z.looseObject({ token: z.string(), id: z.string() });
export const ZAccepted = z.looseObject({ id: z.string(), jobId: z.string().nullable().optional() });

export const ZProject = z.looseObject({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  environmentCount: z.number().optional(),
});
export const ZEnvironment = z.looseObject({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  slug: z.string(),
  type: z.string(),
  active: z.boolean(),
});
export type TProject = z.infer<typeof ZProject>;
export type TEnvironment = z.infer<typeof ZEnvironment>;
export const ZProjects = z.looseObject({ items: z.array(ZProject) });
export const ZEnvironments = z.looseObject({ items: z.array(ZEnvironment) });

export const BACKUP_DONE = ["succeeded", "partial", "failed", "cancelled"] as const;
export const ZBackup = z.looseObject({
  id: z.string(),
  environmentId: z.string(),
  status: z.string(),
  trigger: z.string(),
  live: z.boolean(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  totalBytes: z.number().nullable(),
  addedBytes: z.number().nullable(),
  progress: ZProgress.optional(),
  sources: z.array(
    z.looseObject({
      sourceId: z.string(),
      name: z.string(),
      type: z.string(),
      status: z.string(),
      snapshotId: z.string().nullable(),
      destinationName: z.string().nullable().optional(),
      totalBytes: z.number().nullable(),
      error: ZError.optional(),
    }),
  ),
  error: ZError.optional(),
});
export type TBackup = z.infer<typeof ZBackup>;
export const ZBackupPage = z.looseObject({ items: z.array(ZBackup), nextCursor: z.string().nullable() });

export const ZRestore = z.looseObject({
  id: z.string(),
  status: z.string(),
  backupId: z.string().nullable(),
  targetEnvironmentId: z.string(),
  safetyBackupId: z.string().nullable(),
  scope: z.string().optional(),
  progress: ZProgress.optional(),
  error: ZError.optional(),
});
export type TRestore = z.infer<typeof ZRestore>;

export const ZSettings = z.looseObject({
  schedules: z.array(z.looseObject({ cron: z.string(), timezone: z.string().optional() })),
  retention: z.record(z.string(), z.unknown()),
  maxManualBackups: z.number(),
  /** Manual + automated backups kept in total (0: no limit); absent on servers before environment types. */
  maxBackups: z.number().optional(),
  destinationIds: z.array(z.string()),
  live: z.boolean(),
  inherited: z.array(z.string()).optional(),
  nextRuns: z.array(z.string()).optional(),
  retentionDescription: z.string().optional(),
  describe: z.string().optional(),
});
export type TSettings = z.infer<typeof ZSettings>;

export const ZDestinations = z.looseObject({
  items: z.array(z.looseObject({ id: z.string(), name: z.string(), type: z.string() })),
});
export const ZRecoveryKit = z.looseObject({
  repository: z.string(),
  password: z.string(),
  env: z.record(z.string(), z.string()),
  commands: z.array(z.string()),
});
