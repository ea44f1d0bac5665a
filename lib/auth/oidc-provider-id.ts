/* The next-auth provider id of single sign-on (/api/auth/signin/oidc, /api/auth/callback/oidc: register
 * `<panel URL>/api/auth/callback/oidc` as the redirect URI at the provider). Browser-safe. */
export const OIDC_PROVIDER_ID = "oidc";
