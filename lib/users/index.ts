/* Users: admin-managed accounts with a role (viewer, operator, admin), plus the one-time first admin. */
export { ZCreateUser, type TCreateUser, createUser, ZEmail } from "./create-user";
export { ZUpdateUser, type TUpdateUser, updateUser } from "./update-user";
export { deleteUser } from "./delete-user";
export { getUser, listUsers } from "./get-user";
export {
  ZCreateFirstAdmin,
  type TCreateFirstAdmin,
  createFirstAdmin,
  needsSetup,
  hasAnyUser,
} from "./create-first-admin";
export { ZChangePassword, type TChangePassword } from "./password-schema";
export { changeOwnPassword, type PasswordChangeResult } from "./change-password";
export { resetUserPassword, type PasswordResetResult } from "./reset-password";
export type { UserView } from "./user-view";
