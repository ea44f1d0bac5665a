/* Loading skeleton while the page's data is read on the server. */
import { PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <PageSkeleton />;
}
