/* Recovery kit (admins): everything needed to restore with the bare restic CLI if Lifeboat is gone —
 * repository URL, password, provider variables and commands. Shown only after the admin types their
 * password again; the server checks it and writes an audit entry. Nothing is cached in the browser: the
 * kit is dropped when the dialog closes. "Print" opens a printable page of the kit that says when
 * Lifeboat's repository key last changed (a kit printed before a rotation no longer opens it). */
"use client";
import { useState } from "react";
import { KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/http/action-result";
import { printRecoveryKit } from "./print-recovery-kit";

export type RecoveryKit = {
  repository: string;
  password: string;
  env: Record<string, string>;
  commands: string[];
  script?: string;
  /** when Lifeboat's repository key last changed; null: never rotated */
  keyRotatedAt?: string | null;
};
export type RecoveryKitAction = (input: {
  destinationId: string;
  password: string;
}) => Promise<ActionResult<RecoveryKit>>;

export function RecoveryKitDialog({
  destinations,
  recoveryKit,
}: {
  destinations: { id: string; name: string }[];
  recoveryKit: RecoveryKitAction;
}) {
  const [open, setOpen] = useState(false);
  const [destinationId, setDestinationId] = useState(destinations[0]?.id ?? "");
  const [password, setPassword] = useState("");
  const [kit, setKit] = useState<RecoveryKit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function change(o: boolean) {
    setOpen(o);
    if (!o) setKit(null), setPassword(""), setError(null);
  }

  async function reveal() {
    setPending(true);
    setError(null);
    const r = await recoveryKit({ destinationId, password }).catch(() => null);
    setPending(false);
    setPassword("");
    if (!r) setError("Could not reach the Lifeboat server. Try again.");
    else if (!r.ok) setError(r.error.message);
    else setKit(r.data);
  }

  const text = kit
    ? (kit.script ??
      [
        `export RESTIC_REPOSITORY='${kit.repository}'`,
        `export RESTIC_PASSWORD='${kit.password}'`,
        ...Object.entries(kit.env).map(([k, v]) => `export ${k}='${v}'`),
        "",
        ...kit.commands,
      ].join("\n"))
    : "";

  return (
    <Dialog open={open} onOpenChange={change}>
      <Button onClick={() => setOpen(true)} data-testid="recovery-kit-open">
        <KeyRound aria-hidden /> Recovery kit
      </Button>
      <DialogContent
        title="Recovery kit"
        description="Everything needed to restore with the restic command line if Lifeboat itself is lost. Store it somewhere safe and offline."
        className="max-w-2xl"
        testId="recovery-kit-dialog"
      >
        {!kit ? (
          <form
            className="flex flex-col gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              void reveal();
            }}
          >
            {destinations.length > 1 ? (
              <div className="flex flex-col gap-1">
                <Label htmlFor="kit-destination">Destination</Label>
                <Select id="kit-destination" value={destinationId} onChange={(e) => setDestinationId(e.target.value)}>
                  {destinations.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </Select>
              </div>
            ) : null}
            <div className="flex flex-col gap-1">
              <Label htmlFor="kit-password">Your password, to confirm it is you</Label>
              <Input
                id="kit-password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                data-testid="kit-password"
              />
              <p className="text-xs text-zinc-500">Revealing the kit is recorded in the audit log.</p>
            </div>
            <FormError message={error} />
            <DialogFooter>
              <Button onClick={() => change(false)}>Cancel</Button>
              <Button type="submit" variant="primary" loading={pending} disabled={!password} data-testid="kit-reveal">
                Show recovery kit
              </Button>
            </DialogFooter>
          </form>
        ) : (
          <div className="flex flex-col gap-3">
            <pre
              className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
              data-testid="recovery-kit"
            >
              {text}
            </pre>
            <p className="text-xs text-zinc-500" data-testid="kit-key-rotated">
              {kit.keyRotatedAt
                ? `Repository key last rotated ${new Date(kit.keyRotatedAt).toUTCString()}: kits from before then no longer open it.`
                : "The repository key was never rotated."}
            </p>
            <DialogFooter>
              <Button
                onClick={() =>
                  printRecoveryKit({
                    destination: destinations.find((d) => d.id === destinationId)?.name ?? "",
                    text,
                    keyRotatedAt: kit.keyRotatedAt ?? null,
                  })
                }
                data-testid="kit-print"
              >
                Print
              </Button>
              <Button onClick={() => void navigator.clipboard?.writeText(text)}>Copy</Button>
              <Button variant="primary" onClick={() => change(false)}>
                Done
              </Button>
            </DialogFooter>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
