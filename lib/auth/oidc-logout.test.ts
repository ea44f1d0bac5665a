/* The end-session URL of RP-initiated logout: the provider's endpoint (its own query kept) with the ID
 * token hint, the client id and where to come back to, each encoded once. */
import { describe, expect, it } from "vitest";
import { endSessionUrl } from "./oidc-logout";

describe("endSessionUrl", () => {
  it("adds id_token_hint, client_id and post_logout_redirect_uri to the provider's endpoint", () => {
    const url = new URL(
      endSessionUrl("https://id.example.test/realms/main/logout?ui=compact", {
        idToken: "eyJ.a+b/c.d",
        clientId: "lifeboat",
        postLogoutRedirectUri: "https://backup.example.test/login",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://id.example.test/realms/main/logout");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ui: "compact",
      id_token_hint: "eyJ.a+b/c.d",
      client_id: "lifeboat",
      post_logout_redirect_uri: "https://backup.example.test/login",
    });
  });
});
