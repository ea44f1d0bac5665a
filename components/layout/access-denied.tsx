/* What a page shows when the signed-in user's role is not enough (e.g. a viewer opening Users). */
import { Lock } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

export function AccessDenied({ role, need }: { role: string; need: string }) {
  return (
    <EmptyState
      testId="access-denied"
      icon={<Lock />}
      title="You do not have access to this page"
      description={`Your role is ${role}; this page needs ${need}. Ask an admin if you need access.`}
    />
  );
}
