/* A relative time ("2 h ago") with the absolute time in the environment's timezone on hover. Client
 * component: it re-renders every 30 s so "just now" does not go stale on a screen left open; the
 * server-rendered text may differ from the first client render by seconds, hence suppressHydrationWarning. */
"use client";
import { useEffect, useState } from "react";
import { formatAbsolute, formatRelative, formatShortDate } from "./format";

export function RelativeTime({
  at,
  timeZone,
  mode = "relative",
  className,
}: {
  at: string | null | undefined;
  timeZone?: string;
  mode?: "relative" | "calendar";
  className?: string;
}) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!at) return <span className={className}>—</span>;
  const text = mode === "calendar" ? formatShortDate(at, timeZone, now) : formatRelative(at, now);
  return (
    <time dateTime={at} title={formatAbsolute(at, timeZone)} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
