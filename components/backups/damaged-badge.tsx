/* "damaged": a failed integrity check found packs this backup's data lives in (lib/proof/checks). Shown
 * next to the status wherever a backup is listed, with what it means on hover. */
import { Badge } from "@/components/ui/badge";

export function DamagedBadge({ damaged }: { damaged: boolean }) {
  if (!damaged) return null;
  return (
    <span title="An integrity check found damaged data this backup depends on. It may not restore completely.">
      <Badge tone="red" data-testid="damaged-badge">
        damaged
      </Badge>
    </span>
  );
}
