/* Label: Radix label (clicking it focuses the control) with the panel's type scale. */
"use client";
import * as LabelPrimitive from "@radix-ui/react-label";
import type { ComponentPropsWithoutRef } from "react";
import { cn } from "./cn";

export function Label({ className, ...props }: ComponentPropsWithoutRef<typeof LabelPrimitive.Root>) {
  return (
    <LabelPrimitive.Root className={cn("text-xs font-medium text-zinc-700 dark:text-zinc-300", className)} {...props} />
  );
}
