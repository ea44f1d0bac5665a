/* GET /api/panel/environments/:id/schedule-preview?cron=…&timezone=… — the Backup Settings form's live
 * check of one schedule row, answered by the scheduler's own code (lib/schedules): the expression in
 * words and the next five runs, or the message that says what is wrong. Session-authenticated (viewer+);
 * always 200 with {ok:false,message} for a bad expression, so the form shows it inline. */
import { z } from "zod";
import { apiRoute } from "@/lib/http";
import { getEnvironment } from "@/lib/environments";
import { checkCron, describeSchedule, nextRuns, timezoneProblem } from "@/lib/schedules";

const ZQuery = z.object({ cron: z.string().max(200).default(""), timezone: z.string().max(64).default("UTC") });

export const GET = apiRoute("viewer", async ({ params, query }) => {
  const env = await getEnvironment(params.id!);
  const { cron, timezone } = query(ZQuery);
  const check = checkCron(cron);
  if (!check.ok) return { ok: false, message: check.message };
  const tzProblem = timezoneProblem(timezone);
  if (tzProblem) return { ok: false, message: tzProblem };
  const schedule = { cron: cron.trim(), timezone };
  return {
    ok: true,
    words: describeSchedule(schedule, env.id),
    nextRuns: nextRuns(schedule, env.id, new Date(), 5).map((d) => d.toISOString()),
  };
});
