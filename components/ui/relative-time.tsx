/* RelativeTime: "2 h ago" with the absolute time (in `timeZone`, e.g. the environment's) in a tooltip
 * and in the <time> element's title. The text depends on the clock, so hydration differences are
 * expected and suppressed. */
"use client";
import { formatDateTime, formatRelative } from "./format";
import { Tooltip } from "./tooltip";

export function RelativeTime({ iso, timeZone, className }: { iso: string; timeZone?: string; className?: string }) {
  const absolute = formatDateTime(iso, timeZone);
  return (
    <Tooltip content={absolute}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can open the absolute-time tooltip */}
      <time dateTime={iso} title={absolute} className={className} suppressHydrationWarning tabIndex={0}>
        {formatRelative(iso)}
      </time>
    </Tooltip>
  );
}
