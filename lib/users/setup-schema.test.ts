/* The setup form's check reports every problem at once: a short password and a differing repeat
 * together, a bad e-mail with them. */
import { describe, expect, it } from "vitest";
import { zodFields } from "@/lib/http/zod-fields";
import { ZSetupForm } from "./setup-schema";

const errorsOf = (input: unknown) => {
  const r = ZSetupForm.safeParse(input);
  return r.success ? {} : zodFields(r.error);
};

describe("ZSetupForm", () => {
  it("shows 'too short' and 'passwords differ' together", () => {
    expect(errorsOf({ email: "admin@example.com", name: "", password: "short", repeat: "other" })).toEqual({
      password: "Use at least 10 characters",
      repeat: "The two passwords differ",
    });
  });

  it("shows every field of an empty form", () => {
    expect(Object.keys(errorsOf({ email: "", name: "", password: "", repeat: "x" })).sort()).toEqual([
      "email",
      "password",
      "repeat",
    ]);
  });

  it("accepts a good admin", () => {
    const input = { email: " Admin@Example.com ", name: "Ann", password: "long enough 1", repeat: "long enough 1" };
    expect(errorsOf(input)).toEqual({});
    expect(ZSetupForm.parse(input).email).toBe("admin@example.com");
  });
});
