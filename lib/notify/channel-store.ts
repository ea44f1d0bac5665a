/* Create, change, delete, list and read notification channels (admin settings). Secrets are merged on
 * edit (an empty value keeps the stored one), sealed with lib/secrets, and never returned. Every change
 * writes an audit entry naming the channel, never its secrets. */
import "server-only";
import { asc, eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { notificationChannels } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/projects/slug";
import { sealJson } from "@/lib/secrets";
import { channelHealth, openChannelSecrets, toChannelView, type ChannelRow } from "./channel-view";
import { missingSecret, ZChannelInput, type ChannelView, type TChannelInput } from "./schema";

function cleanSecrets(s: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((s ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === "string" && v !== ""),
  ) as Record<string, string>;
}

function nameTaken(name: string): AppError {
  return new AppError("conflict", `A channel named "${name}" already exists. Choose another name.`, {
    name: "This name is already used by another channel",
  });
}

export async function getChannelRow(id: string): Promise<ChannelRow> {
  const [row] = await getDb().select().from(notificationChannels).where(eq(notificationChannels.id, id)).limit(1);
  if (!row) throw new AppError("not_found", "This channel does not exist (any more).");
  return row;
}

export async function listChannels(): Promise<ChannelView[]> {
  const rows = await getDb().select().from(notificationChannels).orderBy(asc(notificationChannels.name));
  const health = await channelHealth(rows.map((r) => r.id));
  return rows.map((r) => toChannelView(r, health.get(r.id)));
}

export async function getChannel(id: string): Promise<ChannelView> {
  const row = await getChannelRow(id);
  return toChannelView(row, (await channelHealth([id])).get(id));
}

export async function createChannel(input: TChannelInput, actor: Actor): Promise<ChannelView> {
  const data = ZChannelInput.parse(input);
  const missing = missingSecret(data);
  if (missing) throw new AppError("validation_failed", Object.values(missing)[0]!, missing);
  const secrets = cleanSecrets(data.secrets);
  try {
    const [row] = await getDb()
      .insert(notificationChannels)
      .values({
        name: data.name,
        type: data.type,
        config: data.config as Record<string, unknown>,
        secretsEnc: Object.keys(secrets).length ? sealJson(secrets) : null,
        projectIds: data.projectIds?.length ? data.projectIds : null,
        minSeverity: data.minSeverity ?? "warning",
        // A new healthchecks channel pings backups from now on, not the whole history.
        pingCursor: new Date(),
      })
      .returning();
    await writeAudit({
      actor,
      action: "channel.create",
      target: { type: "channel", id: row!.id, name: row!.name },
      details: { type: row!.type },
    });
    return toChannelView(row!);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(data.name);
    throw e;
  }
}

/** Replaces name, config, routing; secrets merge key by key (empty keeps). The type cannot change. */
export async function updateChannel(id: string, input: TChannelInput, actor: Actor): Promise<ChannelView> {
  const data = ZChannelInput.parse(input);
  const row = await getChannelRow(id);
  if (data.type !== row.type) {
    throw new AppError("validation_failed", "A channel's type cannot change. Add a new channel instead.", {
      type: "The type is fixed after creation",
    });
  }
  const merged = { ...openChannelSecrets(row), ...cleanSecrets(data.secrets) };
  const missing = missingSecret(data, Object.keys(merged));
  if (missing) throw new AppError("validation_failed", Object.values(missing)[0]!, missing);
  try {
    const [u] = await getDb()
      .update(notificationChannels)
      .set({
        name: data.name,
        config: data.config as Record<string, unknown>,
        secretsEnc: Object.keys(merged).length ? sealJson(merged) : null,
        projectIds: data.projectIds?.length ? data.projectIds : null,
        minSeverity: data.minSeverity ?? row.minSeverity,
        updatedAt: new Date(),
      })
      .where(eq(notificationChannels.id, id))
      .returning();
    await writeAudit({
      actor,
      action: "channel.update",
      target: { type: "channel", id, name: u!.name },
      details: { secretKeysChanged: Object.keys(cleanSecrets(data.secrets)) },
    });
    return getChannel(id);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(data.name);
    throw e;
  }
}

export async function deleteChannel(id: string, actor: Actor): Promise<void> {
  const row = await getChannelRow(id);
  await getDb().delete(notificationChannels).where(eq(notificationChannels.id, id));
  await writeAudit({ actor, action: "channel.delete", target: { type: "channel", id, name: row.name } });
}
