/* Roles and their order (viewer < operator < admin). The single place that decides whether a role is
 * enough for an operation; requireActor/requireApiActor/apiRoute/runAction all ask roleAtLeast. */
import { z } from "zod";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const ZRole = z.enum(ROLES);

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAtLeast(role: Role, minRole: Role): boolean {
  return RANK[role] >= RANK[minRole];
}

/** Who is acting: a signed-in user (session), a bearer token, or Lifeboat itself (bootstrap, scheduler). */
export type Actor = {
  id: string | null;
  email: string;
  role: Role;
  via: "session" | "token" | "system";
  ip?: string | null;
  /** via "session": the user_sessions row of this sign-in (kept when the user changes their password). */
  sessionId?: string | null;
  /** An admin reset the password: nothing but changing it is allowed until then. */
  mustChangePassword?: boolean;
  /** via "token": how the token narrows its owner's role (lib/api-tokens/token-scope.ts). */
  scope?: { tokenId: string; readOnly: boolean; projectIds: string[] | null };
};

export const SYSTEM_ACTOR: Actor = { id: null, email: "system", role: "admin", via: "system" };
