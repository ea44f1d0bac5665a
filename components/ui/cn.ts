/* Class-name helper shared by every UI primitive: joins conditional classes (clsx) and lets a later
 * Tailwind class override an earlier one (tailwind-merge), so callers can pass `className` to adjust. */
import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
