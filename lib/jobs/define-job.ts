/* Typed job kinds. `defineJob({ kind, schema, run })` declares one kind: the zod schema of its payload
 * (subjectId, environmentId, params), the shape of its progress, and how it runs. The definition gives
 * the worker a handler that validates the payload when a job is claimed (a payload that does not parse
 * fails the job without running it), and callers `request(...)`, which builds a job for `enqueue` (and
 * checks it against the same schema). Knows nothing of any kind in particular (lib/job-kinds.ts lists
 * them). */
import type { z } from "zod";
import type { JobContext, JobOutcome, JobProgress } from "./job-context";
import type { JobPayload } from "./queue";

/** The part of a payload a kind's schema describes. */
export type JobData = {
  subjectId?: string | null;
  environmentId?: string | null;
  params?: Record<string, unknown>;
};

/** A job ready to be queued (lib/jobs/queue.ts `enqueue`). */
export type JobRequest = {
  kind: string;
  subjectId?: string | null;
  environmentId?: string | null;
  params?: Record<string, unknown>;
  /** Worker label whose host must run it (a directory/SQLite source pinned to a host). */
  label?: string | null;
  /** Id to use for the job (callers that store it on their own row first). */
  jobId?: string;
  /** This job's own retries instead of the queue's (e.g. copies: more attempts, exponential backoff). */
  retry?: JobRetry;
};

/** pg-boss retry options of one job: `limit` more attempts, `delaySeconds` before the first, doubling
 * with `backoff`. */
export type JobRetry = { limit: number; delaySeconds: number; backoff?: boolean };

/** What the worker runs for one kind. */
export type JobHandler = {
  run(ctx: JobContext): Promise<JobOutcome>;
  /** Called once when the job failed for good (retries used up), to settle its subject row. */
  giveUp?(payload: JobPayload, message: string): Promise<void>;
  /** Called when a cancel stopped the run with an error before it could record anything. */
  cancelled?(payload: JobPayload): Promise<void>;
  /** The runner records its outcome on its own subject row (backups, restores), so the job reports
   * that outcome even after a late cancel. */
  ownsOutcomeRow?: boolean;
};
export type JobHandlers = Record<string, JobHandler>;

type Schema = z.ZodType<JobData, JobData>;

export type JobDefinition<K extends string, S extends Schema, P extends JobProgress> = {
  kind: K;
  schema: S;
  run(ctx: JobContext<z.output<S>, P>): Promise<JobOutcome>;
  giveUp?(input: z.output<S>, message: string): Promise<void>;
  cancelled?(input: z.output<S>, jobId: string): Promise<void>;
  ownsOutcomeRow?: boolean;
};

export type DefinedJob<K extends string, S extends Schema, P extends JobProgress> = JobDefinition<K, S, P> & {
  handler: JobHandler;
  request(
    input: z.input<S>,
    opts?: { label?: string | null; jobId?: string; retry?: JobRetry },
  ): JobRequest & { kind: K };
};

function dataOf(payload: JobPayload): JobData {
  return { subjectId: payload.subjectId ?? null, environmentId: payload.environmentId ?? null, params: payload.params };
}

export function defineJob<K extends string, S extends Schema, P extends JobProgress = JobProgress>(
  def: JobDefinition<K, S, P>,
): DefinedJob<K, S, P> {
  const parse = (payload: JobPayload) => def.schema.safeParse(dataOf(payload));
  const handler: JobHandler = {
    ownsOutcomeRow: def.ownsOutcomeRow,
    async run(ctx) {
      const parsed = parse(ctx.payload);
      if (!parsed.success) {
        const why = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
        return {
          status: "failed",
          error: { code: "invalid_payload", message: `This ${def.kind} job is malformed (${why}).` },
        };
      }
      return def.run({ ...ctx, input: parsed.data } as unknown as JobContext<z.output<S>, P>);
    },
    async giveUp(payload, message) {
      const parsed = parse(payload);
      if (parsed.success) await def.giveUp?.(parsed.data, message);
    },
    async cancelled(payload) {
      const parsed = parse(payload);
      if (parsed.success) await def.cancelled?.(parsed.data, payload.jobId);
    },
  };
  return {
    ...def,
    handler,
    request(input, opts = {}) {
      const data = def.schema.parse(input) as JobData;
      return {
        kind: def.kind,
        subjectId: data.subjectId ?? null,
        environmentId: data.environmentId ?? null,
        params: data.params ?? {},
        label: opts.label ?? null,
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
        ...(opts.retry ? { retry: opts.retry } : {}),
      };
    },
  };
}
