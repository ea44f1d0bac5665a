/* The server actions that change channels, as the Channels page passes them in. Types only. */
import type { ActionResult } from "@/lib/http/action-result";
import type { ChannelView, TChannelInput } from "@/lib/notify/schema";

export type ChannelActions = {
  create: (input: TChannelInput) => Promise<ActionResult<ChannelView>>;
  update: (id: string, input: TChannelInput) => Promise<ActionResult<ChannelView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
  /** "Send test": {ok, message} with the server's words when it fails. */
  test: (id: string) => Promise<ActionResult<{ ok: boolean; message: string }>>;
};
