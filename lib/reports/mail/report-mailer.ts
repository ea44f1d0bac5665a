/* The leased loop that sends e-mailed reports: every LIFEBOAT_REPORT_MAIL_INTERVAL (15 min), the lease
 * holder checks whether the last complete week or month was sent and sends it (send-report-mail.ts
 * records each period, so it goes out once cluster-wide even if the lease moves). */
import "server-only";
import { type LeasedLoop, startLeasedLoop } from "@/lib/jobs/leased-loop";
import { sendDueReportMail } from "./send-report-mail";

export function startReportMailer(opts: { intervalSeconds?: number; now?: () => Date } = {}): LeasedLoop {
  return startLeasedLoop({
    leaseKey: "reports.mail.lease",
    name: "e-mailed report",
    intervalSeconds: opts.intervalSeconds ?? 900,
    now: opts.now,
    run: async (now) => {
      await sendDueReportMail(now);
    },
  });
}
