/* "Print runbook": opens the browser's print dialog (the print stylesheet hides navigation). */
"use client";
import { Printer } from "lucide-react";
import { Button } from "@/components/ui/button";

export function PrintButton() {
  return (
    <Button variant="secondary" size="sm" onClick={() => window.print()} data-testid="dr-print" data-print="hide">
      <Printer aria-hidden /> Print runbook
    </Button>
  );
}
