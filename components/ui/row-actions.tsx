/* RowActions: the "⋯" menu at the end of a table row (Edit, Delete, …). Pass the items; destructive
 * ones are painted red. Each item gets data-testid="<testId>-<key>". Renders nothing with no items
 * (viewers get no mutating actions). */
"use client";
import { MoreHorizontal } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "./dropdown-menu";

export type RowAction = {
  key: string;
  label: ReactNode;
  icon?: ReactNode;
  destructive?: boolean;
  onSelect: () => void;
};

export function RowActions({
  label,
  items,
  testId = "row-actions",
}: {
  label: string;
  items: RowAction[];
  testId?: string;
}) {
  if (items.length === 0) return null;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={label} data-testid={testId} className="h-7 w-7">
          <MoreHorizontal />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        {items.map((i) => (
          <DropdownMenuItem
            key={i.key}
            destructive={i.destructive}
            onSelect={i.onSelect}
            data-testid={`${testId}-${i.key}`}
          >
            {i.icon}
            {i.label}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
