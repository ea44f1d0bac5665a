/* Dialog: Radix dialog (focus trap, Escape closes, focus returns to the control that opened it, aria wiring) with the
 * panel's look. Compose: <Dialog open onOpenChange><DialogContent title="…" description="…">body
 * <DialogFooter>buttons</DialogFooter></DialogContent></Dialog>. Pass `initialFocusRef` to choose which
 * control gets focus on open (ConfirmDialog uses it to focus Cancel). */
"use client";
import * as DialogPrimitive from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { type ReactNode, type RefObject, useRef } from "react";
import { cn } from "./cn";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

export function DialogContent({
  title,
  description,
  children,
  className,
  initialFocusRef,
  testId,
}: {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
  initialFocusRef?: RefObject<HTMLElement | null>;
  testId?: string;
}) {
  // Most dialogs open from a plain button (not a Radix Trigger), so Radix would return focus to the body
  // on close: remember what had focus when the dialog opened and give it back.
  const opener = useRef<HTMLElement | null>(null);
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 backdrop-blur-[1px]" />
      <DialogPrimitive.Content
        data-testid={testId}
        onOpenAutoFocus={(e) => {
          const active = document.activeElement;
          opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
          if (initialFocusRef?.current) {
            e.preventDefault();
            initialFocusRef.current.focus();
          }
        }}
        onCloseAutoFocus={(e) => {
          const el = opener.current;
          if (el?.isConnected) {
            e.preventDefault();
            el.focus();
          }
        }}
        className={cn(
          "fixed left-1/2 top-[12vh] z-50 w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 rounded-lg border border-zinc-200 bg-white p-5 shadow-xl",
          "max-h-[80vh] overflow-y-auto focus:outline-none dark:border-zinc-800 dark:bg-zinc-900",
          className,
        )}
        {...(description ? {} : { "aria-describedby": undefined })}
      >
        <div className="mb-4 pr-6">
          <DialogPrimitive.Title className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
            {title}
          </DialogPrimitive.Title>
          {description ? (
            <DialogPrimitive.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {description}
            </DialogPrimitive.Description>
          ) : null}
        </div>
        {children}
        <DialogPrimitive.Close
          aria-label="Close"
          className="absolute right-3 top-3 rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
        >
          <X className="size-4" />
        </DialogPrimitive.Close>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function DialogFooter({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("mt-5 flex items-center justify-end gap-2", className)}>{children}</div>;
}
