/* Per-alert controls (operators and admins): Acknowledge ("someone is on it": no reminders, off the
 * navigation count) and Mute for 1 hour / 1 day / 1 week (no messages at all until then). */
"use client";
import { BellOff, Check } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toast";
import type { AlertView } from "@/lib/alerts/schema";
import type { AlertActions } from "./action-types";

const MUTE_CHOICES = [
  { label: "for 1 hour", hours: 1 },
  { label: "for 1 day", hours: 24 },
  { label: "for 1 week", hours: 24 * 7 },
];

export function AlertRowActions({ alert, actions }: { alert: AlertView; actions: AlertActions }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  if (alert.state === "resolved") return null;
  async function acknowledge() {
    setBusy(true);
    const r = await actions.acknowledge(alert.id);
    setBusy(false);
    if (!r.ok) return toast.error(r.error.message);
    toast.success(`Acknowledged: ${alert.subject ?? alert.kind}. No more reminders for it.`);
    router.refresh();
  }
  async function mute(hours: number, label: string) {
    const r = await actions.mute(alert.id, new Date(Date.now() + hours * 3_600_000).toISOString());
    if (!r.ok) return toast.error(r.error.message);
    toast.success(`Muted ${label}: ${alert.subject ?? alert.kind}`);
    router.refresh();
  }
  return (
    <div className="flex items-center justify-end gap-1.5">
      {alert.acknowledgedAt ? null : (
        <Button size="sm" onClick={acknowledge} loading={busy} data-testid={`ack-${alert.id}`}>
          {busy ? null : <Check aria-hidden />} Acknowledge
        </Button>
      )}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            size="sm"
            variant="ghost"
            data-testid={`mute-${alert.id}`}
            aria-label={`Mute ${alert.subject ?? alert.kind}`}
          >
            <BellOff aria-hidden /> Mute
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          {MUTE_CHOICES.map((c) => (
            <DropdownMenuItem key={c.hours} onSelect={() => void mute(c.hours, c.label)}>
              Mute {c.label}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
