/* healthchecks.io-style pings: `<pingUrl>` for a good backup, `<pingUrl>/fail` for a failed one,
 * `<pingUrl>/start` when one starts; the body is the run's log (healthchecks keeps the first 100 KB).
 * The dead-man's switch: when Lifeboat stops pinging, the healthchecks service alerts on its own. */
import "server-only";
import type { NotifyMessage } from "../message";
import { DeliveryError, httpPost } from "./http-post";

const MAX_BODY = 100_000;

export async function sendHealthchecksPing(
  _config: unknown,
  secrets: { pingUrl?: string },
  m: NotifyMessage,
): Promise<void> {
  if (!secrets.pingUrl) throw new DeliveryError("No ping URL is stored. Edit the channel and paste it.");
  const base = secrets.pingUrl.replace(/\/+$/, "");
  const suffix =
    m.event === "ping.fail" || m.event === "alert.opened" ? "/fail" : m.event === "ping.start" ? "/start" : "";
  const url = `${base}${suffix}`;
  const body = (m.log ?? m.lines.join("\n")).slice(-MAX_BODY);
  await httpPost(url, body, { "content-type": "text/plain; charset=utf-8", "user-agent": "Lifeboat" }, "ping URL");
}
