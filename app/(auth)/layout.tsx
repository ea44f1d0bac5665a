/* The frame of the signed-out pages (sign-in): a centred card on a quiet background, with the
 * dark-mode toggle in the corner. */
import type { ReactNode } from "react";
import { AuthFrame } from "@/components/layout/auth-frame";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return <AuthFrame>{children}</AuthFrame>;
}
