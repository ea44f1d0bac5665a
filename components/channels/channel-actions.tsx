/* Controls that act on channels (admins): "Add channel", "Send test" (shows the delivery's result:
 * delivered, or the server's words), and Edit / Delete in the row menu. */
"use client";
import { CheckCircle2, Pencil, Plus, Send, Trash2, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActions } from "@/components/ui/row-actions";
import { toast } from "@/components/ui/toast";
import type { RoutingChoices } from "@/lib/notify/routing-choices";
import type { ChannelView } from "@/lib/notify/schema";
import type { ChannelActions } from "./action-types";
import { ChannelFormDialog } from "./channel-form-dialog";

export function NewChannelButton({
  actions,
  choices,
  label = "Add channel",
}: {
  actions: ChannelActions;
  choices: RoutingChoices;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="new-channel">
        <Plus aria-hidden /> {label}
      </Button>
      <ChannelFormDialog actions={actions} choices={choices} open={open} onOpenChange={setOpen} />
    </>
  );
}

type TestState = { state: "idle" } | { state: "running" } | { state: "done"; ok: boolean; message: string };

export function SendTestButton({ channel, actions }: { channel: ChannelView; actions: ChannelActions }) {
  const router = useRouter();
  const [t, setT] = useState<TestState>({ state: "idle" });
  async function run() {
    setT({ state: "running" });
    const r = await actions.test(channel.id);
    const result = r.ok ? r.data : { ok: false, message: r.error.message };
    setT({ state: "done", ...result });
    if (result.ok) toast.success(result.message);
    else toast.error(`${channel.name}: ${result.message}`);
    router.refresh();
  }
  return (
    <div className="flex items-center gap-2">
      <Button
        size="sm"
        className="shrink-0"
        onClick={run}
        loading={t.state === "running"}
        data-testid={`test-${channel.name}`}
      >
        {t.state === "running" ? null : <Send aria-hidden />} Send test
      </Button>
      {t.state === "done" ? (
        t.ok ? (
          <span
            className="inline-flex items-center gap-1 text-xs text-emerald-700 dark:text-emerald-400"
            data-testid="test-result"
            data-ok="true"
          >
            <CheckCircle2 className="size-3.5" aria-hidden /> delivered
          </span>
        ) : (
          <span
            className="inline-flex max-w-xs items-start gap-1 text-xs leading-snug text-red-700 dark:text-red-400"
            data-testid="test-result"
            data-ok="false"
            role="alert"
          >
            <XCircle className="mt-px size-3.5 shrink-0" aria-hidden /> {t.message}
          </span>
        )
      ) : null}
    </div>
  );
}

export function ChannelRowActions({
  channel,
  actions,
  choices,
}: {
  channel: ChannelView;
  actions: ChannelActions;
  choices: RoutingChoices;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <RowActions
        label={`Actions for channel ${channel.name}`}
        testId={`channel-actions-${channel.name}`}
        items={[
          { key: "edit", label: "Edit", icon: <Pencil aria-hidden />, onSelect: () => setEditing(true) },
          {
            key: "delete",
            label: "Delete",
            icon: <Trash2 aria-hidden />,
            destructive: true,
            onSelect: () => setDeleting(true),
          },
        ]}
      />
      <ChannelFormDialog
        channel={channel}
        actions={actions}
        choices={choices}
        open={editing}
        onOpenChange={setEditing}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete channel ${channel.name}?`}
        description="Lifeboat stops sending alerts here and forgets the channel's stored secrets and delivery history. Alerts themselves are kept."
        confirmLabel="Delete channel"
        onConfirm={async () => {
          const r = await actions.remove(channel.id);
          if (!r.ok) return r.error.message;
          toast.success(`Channel ${channel.name} deleted`);
          router.refresh();
          return null;
        }}
      />
    </>
  );
}
