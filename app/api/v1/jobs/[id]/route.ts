/* GET one job: status, progress, log, attempts (viewer+). */
import { apiRoute } from "@/lib/http";
import { getJob } from "@/lib/jobs/get-job";

export const GET = apiRoute("viewer", async ({ params }) => getJob(params.id!));
