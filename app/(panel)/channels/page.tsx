/* Channels (admins): where alerts go — e-mail, webhooks, Slack, Discord, ntfy, Gotify, Telegram,
 * healthchecks pings. Add, edit, "Send test", delete; a channel whose deliveries fail says so here.
 * Secrets never reach this page: only which ones are stored. */
import { BellRing, TriangleAlert } from "lucide-react";
import { ChannelRowActions, NewChannelButton, SendTestButton } from "@/components/channels/channel-actions";
import { channelTarget } from "@/components/channels/channel-summary";
import { AccessDenied } from "@/components/layout/access-denied";
import { pageAccess } from "@/components/layout/require-page-actor";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { CHANNEL_TYPE_LABELS, listChannels } from "@/lib/notify";
import { loadRoutingChoices } from "@/lib/notify/routing-choices";
import { createChannelAction, deleteChannelAction, testChannelAction, updateChannelAction } from "./actions";

const channelActions = {
  create: createChannelAction,
  update: updateChannelAction,
  remove: deleteChannelAction,
  test: testChannelAction,
};

const SEVERITY_WORDS = { info: "everything", warning: "warnings + critical", critical: "critical only" } as const;

export const metadata = { title: "Channels" };

export default async function ChannelsPage() {
  const { actor, allowed } = await pageAccess("admin", "/channels");
  if (!allowed) return <AccessDenied role={actor.role} need="admin" />;
  const [channels, choices] = await Promise.all([listChannels(), loadRoutingChoices()]);
  const envLabel = (id: string) => choices.environments.find((e) => e.id === id)?.label;
  const projectName = (id: string) => choices.projects.find((p) => p.id === id)?.name ?? "a deleted project";
  return (
    <>
      <PageHeader
        title="Channels"
        description="Where Lifeboat tells people that a backup failed, is overdue or a destination is down — and when it is fixed."
        actions={channels.length ? <NewChannelButton actions={channelActions} choices={choices} /> : null}
      />
      {channels.length === 0 ? (
        <EmptyState
          icon={<BellRing />}
          title="No channels yet"
          description="Alerts are shown on the Alerts page, but nobody is told. Add an e-mail address, a chat webhook or a push service."
          action={<NewChannelButton actions={channelActions} choices={choices} label="Add the first channel" />}
        />
      ) : (
        <TableCard>
          <Table data-testid="channels-table">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Type</Th>
                <Th>Sends to</Th>
                <Th>Hears about</Th>
                <Th>Last delivery</Th>
                <Th>
                  <span className="sr-only">Test</span>
                </Th>
                <Th className="w-10">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {channels.map((c) => (
                <Tr key={c.id} data-testid={`channel-row-${c.name}`}>
                  <Td className="font-medium">{c.name}</Td>
                  <Td className="whitespace-nowrap text-zinc-600 dark:text-zinc-300">{CHANNEL_TYPE_LABELS[c.type]}</Td>
                  <Td className="max-w-xs truncate font-mono text-xs text-zinc-500" title={channelTarget(c, envLabel)}>
                    {channelTarget(c, envLabel)}
                  </Td>
                  <Td className="text-xs text-zinc-600 dark:text-zinc-300">
                    {c.type === "healthchecks" ? "backup pings" : SEVERITY_WORDS[c.minSeverity]}
                    {c.projectIds?.length ? (
                      <span className="block text-zinc-500">only {c.projectIds.map(projectName).join(", ")}</span>
                    ) : null}
                  </Td>
                  <Td className="text-xs">
                    {c.problem ? (
                      <span
                        className="flex max-w-xs items-start gap-1 text-red-700 dark:text-red-400"
                        data-testid="channel-problem"
                      >
                        <TriangleAlert className="mt-px size-3.5 shrink-0" aria-hidden />
                        <span>
                          {c.problem.retrying ? (
                            <Badge tone="amber" className="mr-1">
                              retrying
                            </Badge>
                          ) : (
                            <Badge tone="red" className="mr-1">
                              failed
                            </Badge>
                          )}
                          {c.problem.message}
                        </span>
                      </span>
                    ) : c.lastDeliveredAt ? (
                      <span className="text-zinc-500">
                        delivered <RelativeTime iso={c.lastDeliveredAt} />
                      </span>
                    ) : (
                      <span className="text-zinc-400">nothing sent yet</span>
                    )}
                  </Td>
                  <Td>
                    <SendTestButton channel={c} actions={channelActions} />
                  </Td>
                  <Td className="text-right">
                    <ChannelRowActions channel={c} actions={channelActions} choices={choices} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableCard>
      )}
    </>
  );
}
