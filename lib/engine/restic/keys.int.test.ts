/* Keys against real restic 0.14: list marks the key in use, a key added with a password from stdin
 * opens the repository (and its password never reaches argv or the error text), passwordOpens tells a
 * working password from a wrong one, and neither restic nor the engine removes the key in use. */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addKey, currentKeyId, initRepo, KeyNotFound, listKeys, passwordOpens, removeKey } from "../index";
import { tempDir, tempRepo } from "./test-support";

const base = tempDir("lifeboat-keys-");
const repo = tempRepo(base);

beforeAll(async () => {
  await initRepo(repo);
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe("repository keys", () => {
  it("lists one current key after init, adds one that opens, removes it again", async () => {
    const before = await listKeys(repo);
    expect(before).toHaveLength(1);
    expect(before[0].current).toBe(true);
    expect(await currentKeyId(repo)).toBe(before[0].id);

    const second = { ...repo, password: "an auditor's own password ✓" };
    expect(await passwordOpens(second)).toBe(false);
    const { id } = await addKey(repo, { newPassword: second.password, user: "auditor", host: "envelope" });
    expect(await passwordOpens(second)).toBe(true);
    const keys = await listKeys(repo);
    expect(keys).toHaveLength(2);
    expect(keys.find((k) => k.id === id)).toMatchObject({ userName: "auditor", hostName: "envelope", current: false });
    expect(await currentKeyId(second)).toBe(id);

    await removeKey(repo, id);
    expect(await passwordOpens(second)).toBe(false);
    expect((await listKeys(repo)).map((k) => k.id)).toEqual([before[0].id]);
  });

  it("refuses to remove the key in use, an unknown key, and labels that are not plain", async () => {
    const [only] = await listKeys(repo);
    await expect(removeKey(repo, only.id)).rejects.toThrow(/Lifeboat uses/);
    await expect(removeKey(repo, "deadbeef")).rejects.toBeInstanceOf(KeyNotFound);
    await expect(addKey(repo, { newPassword: "x", user: "a b" })).rejects.toThrow(/--user/);
    await expect(addKey(repo, { newPassword: "two\nlines" })).rejects.toThrow(/line breaks/);
    expect(await listKeys(repo)).toHaveLength(1);
  });

  it("a wrong password is false, a missing repository throws", async () => {
    expect(await passwordOpens({ ...repo, password: "nope" })).toBe(false);
    await expect(passwordOpens(tempRepo(base, "never-created"))).rejects.toThrow();
  });
});
