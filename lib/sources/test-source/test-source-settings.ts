/* "Test connection" as a service: checks typed-in settings (validated like a save, stored secrets filled
 * in for an edited source) or a saved source, runs the checks from this machine (the panel's; a source
 * pinned to a worker label is reached from that worker at backup time), and audits the test with its
 * outcome and the ids of failed checks — never config values or secrets. */
import "server-only";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import type { SourceSpec } from "@/lib/engine";
import { getEnvironment } from "@/lib/environments/get-environment";
import { AppError } from "@/lib/errors";
import { validationError } from "@/lib/http/error-mapping";
import { getSourceRow } from "../get-source";
import { loadSourceSpec } from "../load-source-spec";
import { CONFIG_SCHEMAS, missingConnectionFields, SECRET_SCHEMAS } from "../source-config";
import { openSourceSecrets } from "../source-view";
import { prefixed } from "../update-source";
import type { SourceTestResult } from "./result";
import { runSourceTest } from "./run-source-test";
import { type TTestSource, ZTestSource } from "./schema";

async function audited(
  actor: Actor,
  spec: SourceSpec,
  details: Record<string, unknown>,
  run: () => Promise<SourceTestResult>,
): Promise<SourceTestResult> {
  const result = await run();
  await writeAudit({
    actor,
    action: "source.test",
    target: { type: "source", id: spec.id === "unsaved" ? null : spec.id, name: spec.name },
    outcome: result.ok ? "success" : "failure",
    details: {
      ...details,
      type: spec.type,
      failed: result.checks.filter((c) => c.status === "failed").map((c) => c.id),
    },
  });
  return result;
}

export async function testSourceSettings(
  environmentId: string,
  input: TTestSource,
  actor: Actor,
): Promise<SourceTestResult> {
  const data = ZTestSource.parse(input);
  const env = await getEnvironment(environmentId);
  let secrets: Record<string, string> = {};
  if (data.sourceId) {
    const row = await getSourceRow(data.sourceId);
    if (row.environmentId !== env.id)
      throw new AppError("not_found", "This source does not belong to this environment.");
    if (row.type !== data.type)
      throw new AppError("unprocessable", "A source's type cannot change; test it as its own type.");
    secrets = openSourceSecrets(row);
  }
  for (const [k, v] of Object.entries(data.secrets ?? {})) {
    if (v === "") delete secrets[k];
    else secrets[k] = v;
  }
  const config = CONFIG_SCHEMAS[data.type].safeParse(data.config);
  if (!config.success) throw validationError(prefixed(config.error, "config"));
  const sealed = SECRET_SCHEMAS[data.type].safeParse(secrets);
  if (!sealed.success) throw validationError(prefixed(sealed.error, "secrets"));
  const missing = missingConnectionFields(data.type, config.data as Record<string, unknown>, secrets);
  if (Object.keys(missing).length) {
    throw new AppError("validation_failed", "Give the host, database and user, or a connection URL.", missing);
  }
  const spec = {
    id: data.sourceId ?? "unsaved",
    name: data.name || "this source",
    type: data.type,
    config: config.data as Record<string, unknown>,
    ...(Object.keys(secrets).length ? { secrets } : {}),
  } as SourceSpec;
  return audited(actor, spec, { environmentId: env.id, environment: env.name, saved: Boolean(data.sourceId) }, () =>
    runSourceTest(spec),
  );
}

export async function testSavedSource(sourceId: string, actor: Actor): Promise<SourceTestResult> {
  const spec = await loadSourceSpec(sourceId);
  return audited(actor, spec, { saved: true }, () => runSourceTest(spec));
}
