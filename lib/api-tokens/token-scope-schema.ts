/* The one zod schema of an API token's narrowing (readOnly, projectIds, expiresAt), shared by
 * POST /api/v1/auth/token, the Account page's server action and its form. Browser-safe, pure. */
import { z } from "zod";

export const ZTokenScopeInput = z.object({
  /** Only GET and HEAD. */
  readOnly: z.boolean().default(false),
  /** Only these projects (and their environments, sources, backups, restores, jobs); omit for all. */
  projectIds: z
    .array(z.uuid("Not a project id"))
    .min(1, "Choose at least one project, or leave the limit out")
    .max(100)
    .transform((ids) => [...new Set(ids)])
    .optional(),
  /** ISO 8601 time after which the token is refused (401 "token expired"); omit for no expiry. */
  expiresAt: z.iso
    .datetime({ offset: true, message: "Use an ISO 8601 time, e.g. 2027-01-31T00:00:00Z" })
    .refine((t) => new Date(t).getTime() > Date.now(), "The expiry must be in the future")
    .refine((t) => new Date(t).getTime() < Date.now() + 10 * 366 * 86_400_000, "At most ten years ahead")
    .optional(),
});
export type TTokenScopeInput = z.input<typeof ZTokenScopeInput>;
