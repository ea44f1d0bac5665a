/* The server actions the Users and Account pages call, as the page passes them in (components import
 * nothing from app/). Types only. */
import type { TTokenScopeInput } from "@/lib/api-tokens/token-scope-schema";
import type { ActionResult } from "@/lib/http/action-result";
import type { PasswordChangeResult } from "@/lib/users/change-password";
import type { PasswordResetResult } from "@/lib/users/reset-password";
import type { UserView } from "@/lib/users/user-view";

export type UserActions = {
  create: (input: Record<string, string>) => Promise<ActionResult<UserView>>;
  update: (id: string, input: Record<string, string> | { disabled: boolean }) => Promise<ActionResult<UserView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
  resetPassword: (id: string) => Promise<ActionResult<PasswordResetResult>>;
};

export type ChangePasswordAction = (input: {
  currentPassword: string;
  newPassword: string;
  repeatPassword: string;
}) => Promise<ActionResult<PasswordChangeResult>>;

export type ApiTokenActions = {
  create: (
    input: { name: string } & TTokenScopeInput,
  ) => Promise<ActionResult<{ id: string; token: string; name: string }>>;
  revoke: (id: string) => Promise<ActionResult<unknown>>;
};
