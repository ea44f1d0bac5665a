/* The alerts and channels endpoints of REST v1 for the OpenAPI document (kept apart from endpoints.ts
 * so the alerts module owns its own list). Bodies and queries are the operations' zod schemas. */
import { z } from "zod";
import { ZListAlerts } from "@/lib/alerts/schema";
import { ZChannelInput } from "@/lib/notify/schema";
import type { Endpoint } from "./endpoint-types";

// JSON Schema cannot express a coerced date; the API takes an ISO 8601 string.
const ZMuteBody = z.object({ until: z.string().describe("ISO 8601 time in the future") });

export const ALERT_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/alerts",
    tag: "alerts",
    summary: "Alerts, newest first (state open|resolved|all, environmentId, kind, cursor)",
    role: "viewer",
    query: ZListAlerts,
    success: { status: 200, description: "{items: Alert[], nextCursor}" },
  },
  {
    method: "post",
    path: "/alerts/{id}/acknowledge",
    tag: "alerts",
    summary: "Acknowledge an open alert (no more reminders)",
    role: "operator",
    success: { status: 200, description: "Alert" },
  },
  {
    method: "post",
    path: "/alerts/{id}/mute",
    tag: "alerts",
    summary: "Mute an open alert until a time (no messages about it)",
    role: "operator",
    body: ZMuteBody,
    success: { status: 200, description: "Alert" },
  },
  {
    method: "get",
    path: "/channels",
    tag: "channels",
    summary: "Notification channels (secrets never returned)",
    role: "admin",
    success: { status: 200, description: "{items: Channel[]}" },
  },
  {
    method: "post",
    path: "/channels",
    tag: "channels",
    summary: "Add a channel: email, webhook, slack, discord, ntfy, gotify, telegram, healthchecks",
    role: "admin",
    body: ZChannelInput,
    success: { status: 201, description: "Channel" },
  },
  {
    method: "get",
    path: "/channels/{id}",
    tag: "channels",
    summary: "One channel, with its delivery problem if any",
    role: "admin",
    success: { status: 200, description: "Channel" },
  },
  {
    method: "patch",
    path: "/channels/{id}",
    tag: "channels",
    summary: "Change a channel (full body; empty secrets keep the stored ones; the type is fixed)",
    role: "admin",
    body: ZChannelInput,
    success: { status: 200, description: "Channel" },
  },
  {
    method: "delete",
    path: "/channels/{id}",
    tag: "channels",
    summary: "Delete a channel and its delivery history",
    role: "admin",
    success: { status: 204, description: "Done" },
  },
  {
    method: "post",
    path: "/channels/{id}/test",
    tag: "channels",
    summary: "Send a test message now",
    role: "admin",
    success: { status: 200, description: "{ok, message}" },
  },
];
