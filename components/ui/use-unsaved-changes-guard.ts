/* useUnsavedChangesGuard: while `dirty`, closing or reloading the tab asks the browser's "leave site?"
 * (beforeunload), and a click on a link to another panel page asks `message` first (a capture-phase
 * listener runs before Next's <Link>, so Cancel keeps the user and the form where they are). The
 * browser's Back button is not caught (the App Router offers no hook for it). */
"use client";
import { useEffect } from "react";
import { clickLeavesPage } from "./unsaved-changes";

export function useUnsavedChangesGuard(dirty: boolean, message: string) {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ""; // older Chromium needs it set to show the prompt
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented) return;
      const anchor = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!anchor) return;
      const click = {
        href: anchor.href,
        target: anchor.target,
        download: anchor.hasAttribute("download"),
        button: e.button,
        modified: e.metaKey || e.ctrlKey || e.shiftKey || e.altKey,
      };
      if (!clickLeavesPage(click, window.location.href)) return;
      if (window.confirm(message)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
}
