/* Server-only: the engine's SourceSpec for a source, with its secrets opened. For the job runners only;
 * the result must never be returned to a browser, an API response or a log line. */
import "server-only";
import type { SourceSpec } from "@/lib/engine";
import { getSourceRow } from "./get-source";
import { openSourceSecrets } from "./source-view";

export async function loadSourceSpec(id: string): Promise<SourceSpec> {
  const row = await getSourceRow(id);
  return specOf(row, openSourceSecrets(row));
}

export function specOf(row: Awaited<ReturnType<typeof getSourceRow>>, secrets: Record<string, string>): SourceSpec {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    config: row.config,
    ...(Object.keys(secrets).length ? { secrets } : {}),
    ...(row.hooks ? { hooks: row.hooks } : {}),
  } as SourceSpec;
}
