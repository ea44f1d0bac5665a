/* What the one-time setup takes (the first admin: e-mail, optional name, password) and what the setup
 * form checks before sending it (the same plus "repeat the password"). Every problem is reported at
 * once: a short password and a differing repeat are both shown. Browser-safe (zod only). */
import { z } from "zod";
import { ZPassword } from "@/lib/auth/password-rules";

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address").max(254));

export const ZCreateFirstAdmin = z.object({
  email: ZEmail,
  name: z.string().trim().max(100).default(""),
  password: ZPassword,
});
export type TCreateFirstAdmin = z.input<typeof ZCreateFirstAdmin>;

/** The setup form: the admin plus the repeat, which must equal the password. */
export const ZSetupForm = ZCreateFirstAdmin.extend({ repeat: z.string().max(1024) }).superRefine(
  (v, ctx) => {
    if (!v || typeof v !== "object") return; // runs also when the object itself failed (`when`)
    const { password, repeat } = v as Partial<Record<string, unknown>>;
    if (typeof repeat === "string" && repeat !== password) {
      ctx.addIssue({ code: "custom", path: ["repeat"], message: "The two passwords differ" });
    }
  },
  { when: () => true },
);
