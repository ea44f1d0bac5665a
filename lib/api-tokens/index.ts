/* API tokens: bearer credentials for /api/v1, stored as sha256, shown once at creation. */
export { ZCreateApiToken, ZTokenSignIn, type TCreateApiToken, createApiToken } from "./create-api-token";
export { listApiTokens, type ApiTokenView } from "./list-api-tokens";
export { revokeApiToken } from "./revoke-api-token";
export { revokeUserApiTokens } from "./revoke-user-api-tokens";
export { ZTokenScopeInput, type TTokenScopeInput } from "./token-scope-schema";
export { assertBodyInTokenScope, assertTokenScope, visibleProjectIds, type TokenScope } from "./token-scope";
