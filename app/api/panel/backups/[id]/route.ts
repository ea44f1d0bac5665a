/* GET /api/panel/backups/:id[?log=1] — one backup for the live progress bar (polled about once a second
 * while it runs); with log=1, the lines of its job log for a failed backup's "Show log". Viewer+. */
import { apiRoute } from "@/lib/http";
import { getBackup } from "@/lib/backups/get-backup";
import { getJobRow } from "@/lib/jobs/job-rows";

export const GET = apiRoute("viewer", async ({ params, req }) => {
  const backup = await getBackup(params.id!);
  if (new URL(req.url).searchParams.get("log") === "1") {
    const job = backup.jobId ? await getJobRow(backup.jobId) : undefined;
    return { backup, log: job?.log ?? [] };
  }
  return { backup };
});
