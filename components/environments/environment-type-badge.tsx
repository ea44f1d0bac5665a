/* The environment type as a neutral badge; production gets the accent so it stands out without
 * borrowing a status colour. */
import { Badge } from "@/components/ui/badge";

export function EnvironmentTypeBadge({ type }: { type: string }) {
  return (
    <Badge tone={type === "production" ? "accent" : "neutral"} data-env-type={type}>
      {type}
    </Badge>
  );
}
