/* Notification channels and deliveries: per-type schemas (./schema, browser-safe), CRUD, "Send test",
 * the senders (./channels) and the retrying delivery queue (./deliveries). */
export { createChannel, updateChannel, deleteChannel, listChannels, getChannel } from "./channel-store";
export { testChannel } from "./test-channel";
export { deliverDue, BACKOFF_SECONDS, MAX_ATTEMPTS } from "./deliveries";
export * from "./schema";
