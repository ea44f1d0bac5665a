/* Controls that act on destinations: "Add destination" (admins), "Verify connection" (admins; shows
 * what is wrong when it fails: refused key, unknown host, missing bucket, …), and Edit / Delete
 * (admins; deleting one that environments use is refused with their names). */
"use client";
import { CheckCircle2, Pencil, Plug, Plus, Trash2, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActions } from "@/components/ui/row-actions";
import { toast } from "@/components/ui/toast";
import type { DestinationView } from "@/lib/destinations/destination-view";
import type { DestinationActions } from "./action-types";
import { DestinationFormDialog } from "./destination-form-dialog";

export function NewDestinationButton({
  actions,
  label = "Add destination",
  chunkingSources,
}: {
  actions: DestinationActions;
  label?: string;
  /** destinations with a repository, offered as "Same chunking as …" */
  chunkingSources?: { id: string; name: string }[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="new-destination">
        <Plus aria-hidden /> {label}
      </Button>
      <DestinationFormDialog actions={actions} open={open} onOpenChange={setOpen} chunkingSources={chunkingSources} />
    </>
  );
}

type VerifyState =
  | { state: "idle" }
  | { state: "running" }
  | { state: "ok"; message: string }
  | { state: "failed"; message: string };

export function VerifyDestinationButton({
  destination,
  actions,
}: {
  destination: DestinationView;
  actions: DestinationActions;
}) {
  const router = useRouter();
  const [v, setV] = useState<VerifyState>({ state: "idle" });
  async function verify() {
    setV({ state: "running" });
    const r = await actions.verify(destination.id);
    if (!r.ok) {
      setV({ state: "failed", message: r.error.message });
      toast.error(r.error.message);
      return;
    }
    if (r.data.ok) {
      const message = r.data.created
        ? "Connection works; the repository was created."
        : "Connection works; the repository opens.";
      setV({ state: "ok", message });
      toast.success(`${destination.name}: ${message}`);
      router.refresh();
    } else {
      setV({ state: "failed", message: r.data.message });
      toast.error(`${destination.name}: ${r.data.message}`);
    }
  }
  return (
    <div className="flex items-center gap-2">
      <Button
        size="sm"
        className="shrink-0"
        onClick={verify}
        loading={v.state === "running"}
        data-testid={`verify-${destination.name}`}
      >
        {v.state === "running" ? null : <Plug aria-hidden />} Verify connection
      </Button>
      {v.state === "ok" ? (
        <span
          className="inline-flex items-center gap-1 text-xs text-emerald-700 dark:text-emerald-400"
          data-testid="verify-result"
          data-ok="true"
          title={v.message}
        >
          <CheckCircle2 className="size-3.5" aria-hidden /> works
        </span>
      ) : v.state === "failed" ? (
        <span
          className="inline-flex max-w-xs items-start gap-1 text-xs leading-snug text-red-700 dark:text-red-400"
          data-testid="verify-result"
          data-ok="false"
          role="alert"
        >
          <XCircle className="mt-px size-3.5 shrink-0" aria-hidden /> {v.message}
        </span>
      ) : null}
    </div>
  );
}

export function DestinationRowActions({
  destination,
  actions,
}: {
  destination: DestinationView;
  actions: DestinationActions;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <RowActions
        label={`Actions for destination ${destination.name}`}
        testId={`destination-actions-${destination.name}`}
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
      <DestinationFormDialog destination={destination} actions={actions} open={editing} onOpenChange={setEditing} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete destination ${destination.name}?`}
        description="Lifeboat forgets this destination and its repository password. The repository and the backups in it are NOT deleted — keep its recovery kit if you may need them. A destination that environments still use cannot be deleted."
        confirmLabel="Delete destination"
        onConfirm={async () => {
          const r = await actions.remove(destination.id);
          if (!r.ok) return r.error.message;
          toast.success(`Destination ${destination.name} deleted`);
          router.refresh();
          return null;
        }}
      />
    </>
  );
}
