/* ConfirmDialog: the one dialog for destructive actions. It names exactly what will happen (title +
 * description written by the caller, e.g. "Delete environment acme / staging?"), puts the default focus
 * on Cancel, optionally asks to type a word to confirm (`confirmText`), and keeps itself open with the
 * server's message when `onConfirm` returns an error string. `onConfirm` resolves to null on success. */
"use client";
import { useRef, useState, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog, DialogContent, DialogFooter } from "./dialog";
import { FormError } from "./field";
import { Input } from "./input";
import { Label } from "./label";

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel = "Delete",
  confirmText,
  destructive = true,
  onConfirm,
  testId = "confirm-dialog",
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel?: string;
  /** When set, the confirm button stays disabled until this exact text is typed. */
  confirmText?: string;
  destructive?: boolean;
  onConfirm: () => Promise<string | null>;
  testId?: string;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [typed, setTyped] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function change(next: boolean) {
    if (pending) return;
    if (!next) {
      setTyped("");
      setError(null);
    }
    onOpenChange(next);
  }

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      const problem = await onConfirm();
      if (problem) setError(problem);
      else {
        setTyped("");
        onOpenChange(false);
      }
    } finally {
      setPending(false);
    }
  }

  const blocked = confirmText !== undefined && typed !== confirmText;
  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent title={title} description={description} initialFocusRef={cancelRef} testId={testId}>
        {confirmText !== undefined ? (
          <div className="flex flex-col gap-1">
            <Label htmlFor="confirm-text">
              Type <span className="font-mono font-semibold">{confirmText}</span> to confirm
            </Label>
            <Input
              id="confirm-text"
              data-testid="confirm-text"
              value={typed}
              autoComplete="off"
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
        ) : null}
        <div className="mt-3">
          <FormError message={error} />
        </div>
        <DialogFooter>
          <Button ref={cancelRef} onClick={() => change(false)} data-testid="confirm-cancel">
            Cancel
          </Button>
          <Button
            variant={destructive ? "danger" : "primary"}
            onClick={confirm}
            loading={pending}
            disabled={blocked}
            data-testid="confirm-submit"
          >
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
