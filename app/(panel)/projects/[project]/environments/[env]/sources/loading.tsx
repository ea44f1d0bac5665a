/* Loading skeleton while the page's data is read on the server. */
import { TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <TableSkeleton rows={3} columns={4} />;
}
