/* What "change my password" takes: the current password, and a new one under the same rule as setup
 * (ZPassword), different from the current one; the form also sends the repeat. Every problem is
 * reported at once. Browser-safe: the form, the server action and POST /api/v1/account/password use it. */
import { z } from "zod";
import { ZPassword } from "@/lib/auth/password-rules";

export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(1024),
    newPassword: ZPassword,
    /** Optional for API callers; the form sends what was typed in "Repeat the new password". */
    repeatPassword: z.string().max(1024).optional(),
  })
  .superRefine(
    (v, ctx) => {
      // `when: () => true` runs this also when the object itself failed — then `v` may be null or a string.
      if (!v || typeof v !== "object") return;
      const { currentPassword, newPassword, repeatPassword } = v as Partial<Record<string, unknown>>;
      if (typeof repeatPassword === "string" && repeatPassword !== newPassword) {
        ctx.addIssue({ code: "custom", path: ["repeatPassword"], message: "The two new passwords differ" });
      }
      if (typeof newPassword === "string" && newPassword !== "" && newPassword === currentPassword) {
        ctx.addIssue({
          code: "custom",
          path: ["newPassword"],
          message: "Choose a password different from the current one",
        });
      }
    },
    { when: () => true },
  );
export type TChangePassword = z.input<typeof ZChangePassword>;
