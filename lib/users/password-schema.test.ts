/* The password forms' schemas refuse a body that is not an object with a 400-style issue instead of
 * throwing (the fuzz suite found `null` giving a 500: the cross-field check ran on the failed input). */
import { describe, expect, it } from "vitest";
import { ZChangePassword } from "./password-schema";
import { ZSetupForm } from "./setup-schema";

describe("password schemas on input that is not an object", () => {
  for (const input of [null, "text", 7, []]) {
    it(`change-password and setup refuse ${JSON.stringify(input)} with an issue`, () => {
      const a = ZChangePassword.safeParse(input);
      const b = ZSetupForm.safeParse(input);
      expect(a.success).toBe(false);
      expect(b.success).toBe(false);
      expect(a.error?.issues.length).toBeGreaterThan(0);
    });
  }
});
