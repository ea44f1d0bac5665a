/* Server actions for alerts (operators and admins): acknowledge and mute. Thin: role, zod, one service. */
"use server";
import { z } from "zod";
import { acknowledgeAlert, muteAlert, ZMuteAlert } from "@/lib/alerts";
import { runAction } from "@/lib/http";

const ZId = z.string().uuid("Unknown alert");

export async function acknowledgeAlertAction(id: string) {
  return runAction("operator", ZId, id, (alertId, actor) => acknowledgeAlert(alertId, actor));
}

export async function muteAlertAction(id: string, until: string) {
  return runAction("operator", ZMuteAlert, { until }, (data, actor) => muteAlert(ZId.parse(id), data, actor));
}
