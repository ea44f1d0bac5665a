/* useSourceTest: Test connection for the source dialog. Runs the page's test action on the typed
 * settings (with the saved source's id when editing, so stored secrets count), keeps the last result
 * and which settings it was for: `current(body)` is that result only while the settings are unchanged,
 * which is what lets Save turn into "Save anyway" after a failed test. Validation errors come back per
 * field, like a save's. */
"use client";
import { useState } from "react";
import { useActionForm } from "@/components/ui/use-action-form";
import type { SourceTestResult } from "@/lib/sources/test-source/result";
import type { SourceActions, SourceTestBody } from "./action-types";
import type { SourceBody } from "./source-input";

type Tested = { key: string; result: SourceTestResult; fromSave: boolean };

function keyOf(body: SourceBody): string {
  return JSON.stringify([body.type, body.config, body.secrets ?? {}]);
}

export function useSourceTest(test: SourceActions["test"], environmentId: string, sourceId?: string) {
  const [last, setLast] = useState<Tested | null>(null);
  const runner = useActionForm((body: SourceTestBody) => test(environmentId, body));
  return {
    last,
    pending: runner.pending,
    fieldError: runner.fieldError,
    formError: runner.formError,
    current: (body: SourceBody): Tested | null => (last && last.key === keyOf(body) ? last : null),
    async run(body: SourceBody, fromSave: boolean): Promise<SourceTestResult | null> {
      const r = await runner.submit({
        ...(sourceId ? { sourceId } : {}),
        name: body.name,
        type: body.type,
        config: body.config,
        ...(body.secrets ? { secrets: body.secrets } : {}),
      });
      if (!r.ok) {
        setLast(null);
        return null;
      }
      setLast({ key: keyOf(body), result: r.data, fromSave });
      return r.data;
    },
    reset() {
      setLast(null);
      runner.reset();
    },
  };
}
