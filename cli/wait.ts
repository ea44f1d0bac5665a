/* --wait: polls a backup or a restore (GET …/{id}) until it ends, drawing its progress on a terminal,
 * and gives up after --timeout seconds (exit 1, the job keeps running on the server). */
import type { z } from "zod";
import type { ApiClient } from "./api-client";
import { CliError, EXIT } from "./errors";
import { type Output, progressLine } from "./output";
import { BACKUP_DONE, type TProgress } from "./schemas";

const POLL_MS = 1000;

type Watched = { status: string; progress?: TProgress };

export async function waitFor<T extends z.ZodType<Watched>>(
  api: ApiClient,
  out: Output,
  what: { label: string; path: string; shape: T; timeoutSeconds?: number },
): Promise<z.output<T>> {
  const deadline = what.timeoutSeconds ? Date.now() + what.timeoutSeconds * 1000 : Number.POSITIVE_INFINITY;
  for (;;) {
    const cur = await api.get(what.path, what.shape);
    if ((BACKUP_DONE as readonly string[]).includes(cur.status)) {
      out.endProgress();
      return cur;
    }
    out.progress(progressLine(what.label, cur.status, cur.progress));
    if (Date.now() >= deadline)
      throw new CliError(
        EXIT.failed,
        "timeout",
        `${what.label} is still ${cur.status} after ${what.timeoutSeconds}s; it goes on on the server (look again with the same id).`,
      );
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
