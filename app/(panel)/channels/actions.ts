/* Server actions for notification channels (admin): thin — runAction checks the role, validates with
 * the shared ZChannelInput and calls one lib/notify service. */
"use server";
import { runAction } from "@/lib/http";
import { createChannel, deleteChannel, testChannel, updateChannel, ZChannelId, ZChannelInput } from "@/lib/notify";

export async function createChannelAction(input: unknown) {
  return runAction("admin", ZChannelInput, input, (data, actor) => createChannel(data, actor), {
    action: "channel.create",
  });
}

export async function updateChannelAction(id: string, input: unknown) {
  return runAction("admin", ZChannelInput, input, (data, actor) => updateChannel(ZChannelId.parse(id), data, actor));
}

export async function deleteChannelAction(id: string) {
  return runAction("admin", ZChannelId, id, (channelId, actor) => deleteChannel(channelId, actor));
}

export async function testChannelAction(id: string) {
  return runAction("admin", ZChannelId, id, (channelId, actor) => testChannel(channelId, actor));
}
