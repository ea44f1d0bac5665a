/* listSourceNames (the backup detail page's Restore targets): one read for many environments gives each
 * environment exactly its own sources, by name, the same as listSources one environment at a time; an
 * environment without sources gets an empty list, and no ids gives an empty map. */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { environments, projects, sources } from "@/lib/db/schema";
import { listSourceNames, listSources } from "./get-source";

const envs = [randomUUID(), randomUUID(), randomUUID()] as const;

beforeAll(async () => {
  const db = getDb();
  const projectId = randomUUID();
  await db.insert(projects).values({ id: projectId, name: "Names", slug: `names-${projectId.slice(0, 6)}` });
  await db
    .insert(environments)
    .values(envs.map((id, i) => ({ id, projectId, name: `env ${i}`, slug: `env-${i}`, type: "staging" as const })));
  await db.insert(sources).values([
    { environmentId: envs[0], name: "site", type: "directory", config: { path: "/srv/a" } },
    { environmentId: envs[0], name: "db", type: "postgres", config: { host: "x" } },
    { environmentId: envs[0], name: "media", type: "directory", config: { path: "/srv/m" } },
    { environmentId: envs[1], name: "webroot", type: "directory", config: { path: "/srv/b" } },
  ]);
});

describe("listSourceNames", () => {
  it("gives each environment its own sources by name, as listSources does", async () => {
    const names = await listSourceNames([...envs]);
    expect([...names.keys()].sort()).toEqual([...envs].sort());
    for (const id of envs) {
      const one = (await listSources(id)).map((s) => ({ id: s.id, name: s.name, type: s.type }));
      expect(names.get(id)).toEqual(one);
    }
    expect(names.get(envs[0])!.map((s) => s.name)).toEqual(["db", "media", "site"]);
    expect(names.get(envs[1])!.map((s) => s.name)).toEqual(["webroot"]);
    expect(names.get(envs[2])).toEqual([]);
    expect((await listSourceNames([envs[1]])).get(envs[1])!.map((s) => s.type)).toEqual(["directory"]);
    expect((await listSourceNames([])).size).toBe(0);
  });
});
