/* Sign-in and roles: next-auth options, the Actor, the one authorisation helper, password hashing. */
export { ROLES, ZRole, roleAtLeast, SYSTEM_ACTOR, type Role, type Actor } from "./roles";
export { requireActor, requireApiActor, currentActor, ensureRole, actorFromBearer } from "./require-actor";
export { authOptions, clientIp } from "./auth-options";
export { authenticateCredentials, normaliseEmail, type AuthenticatedUser } from "./credentials";
export { hashPassword, verifyPassword, ZPassword } from "./password";
export { generateApiToken, hashApiToken } from "./api-token-hash";
