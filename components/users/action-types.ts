/* The server actions the Users and Account pages call, as the page passes them in (components import
 * nothing from app/). Types only. */
import type { ActionResult } from "@/lib/http/action-result";
import type { UserView } from "@/lib/users/user-view";

export type UserActions = {
  create: (input: Record<string, string>) => Promise<ActionResult<UserView>>;
  update: (id: string, input: Record<string, string> | { disabled: boolean }) => Promise<ActionResult<UserView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
};

export type ApiTokenActions = {
  create: (input: { name: string }) => Promise<ActionResult<{ id: string; token: string; name: string }>>;
  revoke: (id: string) => Promise<ActionResult<unknown>>;
};
