/* The product mark (public/logo.svg, the lifebuoy) as the header and the sign-in page show it. It is
 * decorative: the word "Lifeboat" always stands next to it, so the image has an empty alt text. One file
 * for both themes: its colours read on white and on near-black. */
import { cn } from "@/components/ui/cn";

export function Logo({ className }: { className?: string }) {
  // A plain <img>: an SVG needs no optimisation, and next/image would add a loader for nothing.
  return <img src="/logo.svg" alt="" width={24} height={24} className={cn("shrink-0", className)} />;
}
