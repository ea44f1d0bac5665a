/* POST cancel a job (operator+, audited): a queued job is cancelled at once, a running one is asked to
 * stop (202 with cancelRequested); a finished one is a 409. */
import { apiRoute, json } from "@/lib/http";
import { cancelJob } from "@/lib/job-kinds";
import { getJob } from "@/lib/jobs/get-job";

export const POST = apiRoute(
  "operator",
  async ({ params, actor }) => {
    await getJob(params.id!); // 404 for unknown or malformed ids
    return json(await cancelJob(params.id!, actor), 202);
  },
  { action: "job.cancel", target: (p) => ({ type: "job", id: p.id }) },
);
