/* The ⓘ next to a schedule: a tooltip explaining cron syntax with the examples people reach for.
 * Radix tooltip, so it opens on hover and on keyboard focus and closes on Escape. */
"use client";
import * as Tooltip from "@radix-ui/react-tooltip";
import { Info } from "lucide-react";

const EXAMPLES: [string, string][] = [
  ["* * * * *", "every minute"],
  ["0 * * * *", "every hour, on the hour"],
  ["0 2 * * *", "every day at 02:00"],
  ["30 3 * * 1", "every Monday at 03:30"],
  ["0 2 * * 1-5", "weekdays at 02:00"],
  ["@daily-random", "once a day, at a time picked for this environment"],
  ["@nightly-random", "once a night between 22:00 and 06:00"],
];

export function CronHelp() {
  return (
    <Tooltip.Provider delayDuration={150}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <button
            type="button"
            aria-label="Cron syntax help"
            data-testid="cron-help"
            className="inline-flex size-8 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
          >
            <Info className="size-4" aria-hidden />
          </button>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content
            side="right"
            align="start"
            sideOffset={6}
            className="z-50 w-80 rounded-md border border-zinc-200 bg-white p-3 text-xs text-zinc-700 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
          >
            <p className="mb-2">
              Five fields: <span className="font-mono">minute hour day-of-month month day-of-week</span>, read in the
              time zone next to it. <span className="font-mono">*</span> means every,{" "}
              <span className="font-mono">1-5</span> a range, <span className="font-mono">*/15</span> every 15th.
            </p>
            <table className="w-full">
              <tbody>
                {EXAMPLES.map(([cron, words]) => (
                  <tr key={cron}>
                    <td className="whitespace-nowrap py-0.5 pr-3 font-mono text-zinc-900 dark:text-zinc-100">{cron}</td>
                    <td className="py-0.5">{words}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-zinc-500">
              The random forms spread many environments over the hour or night so they do not all start at once.
            </p>
            <Tooltip.Arrow className="fill-white dark:fill-zinc-900" />
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}
