/* Whether a folder backup reports its tree unchanged from the parent (the backup run then copies the
 * parent's file index instead of starting `restic ls`), against real restic: a new mtime on a folder
 * above the backed-up one is not a change inside it; a file added, changed or removed inside is. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { backupPaths, initRepo } from "../index";
import { tempDir, tempRepo } from "./test-support";

const base = tempDir();
const repo = tempRepo(base);
const site = path.join(base, "srv", "www", "site");
const backUp = async () =>
  (await backupPaths(repo, { paths: [site], tags: ["lifeboat"], host: "tree-unchanged" })).treeUnchanged;

beforeAll(async () => {
  fs.mkdirSync(path.join(site, "css"), { recursive: true });
  fs.writeFileSync(path.join(site, "index.html"), "<h1>hi</h1>");
  fs.writeFileSync(path.join(site, "css", "a.css"), "h1{}");
  await initRepo(repo);
  expect(await backUp()).toBe(false); // no parent: everything is new
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

it("counts an untouched rerun as unchanged", async () => {
  expect(await backUp()).toBe(true);
});

it("counts a new mtime on the folders above it as unchanged", async () => {
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(path.join(base, "srv", "www"), later, later);
  fs.writeFileSync(path.join(base, "srv", "other.txt"), "next to the folder");
  expect(await backUp()).toBe(true);
});

it("counts a file added, changed or removed inside as a change, at any depth", async () => {
  fs.writeFileSync(path.join(site, "css", "b.css"), "p{}");
  expect(await backUp()).toBe(false);
  expect(await backUp()).toBe(true);
  fs.writeFileSync(path.join(site, "css", "a.css"), "h1{color:red}");
  expect(await backUp()).toBe(false);
  fs.rmSync(path.join(site, "css", "b.css"));
  expect(await backUp()).toBe(false);
});
