/* isUuid: the one id check before a by-id query. It must accept every id PostgreSQL's
 * uuid type stores (any version/variant, either case) and refuse everything that would make the query
 * throw; get-project re-exports the same function. */
import { describe, expect, it } from "vitest";
import { isUuid } from "./ids";
import { isUuid as fromProjects } from "@/lib/projects/get-project";

describe("isUuid", () => {
  it("accepts canonical uuids of any version and variant, in either case", () => {
    for (const id of [
      "0b5e0c52-3f8e-4c1a-9d0e-2f4b6a8c0d1e",
      "12345678-1234-1234-1234-123456789ABC",
      "00000000-0000-0000-0000-000000000000",
    ])
      expect(isUuid(id), id).toBe(true);
  });
  it("refuses what PostgreSQL would reject or read differently", () => {
    for (const id of [
      "",
      "not-an-id",
      "12345678123412341234123456789abc",
      "{12345678-1234-1234-1234-123456789abc}",
      "12345678-1234-1234-1234-123456789abcd",
      "12345678-1234-1234-1234-123456789abg",
      " 12345678-1234-1234-1234-123456789abc",
      "12345678-1234-1234-1234-123456789abc\n",
    ]) {
      expect(isUuid(id), JSON.stringify(id)).toBe(false);
    }
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
  it("is the function lib/projects exports", () => {
    expect(fromProjects).toBe(isUuid);
  });
});
