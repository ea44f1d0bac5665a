/* The file browser, downloads and deletes against a real restic repository: a directory source and a
 * database-dump-like stdin source are backed up with the engine, the directory snapshot is indexed
 * (lib/backups/index-snapshot-files), then folders are listed from the index, files and folders are
 * downloaded as tar and zip and unpacked to compare bytes, and deleting the backup forgets its
 * snapshots in the repository. */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import * as tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { auditLog, backups, backupSnapshots, destinations, environments, projects, sources } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { backupPaths, backupStdin, initRepo, listSnapshots, type Repo } from "@/lib/engine";
import { sealSecret } from "@/lib/secrets";
import * as filesRoute from "@/app/api/v1/backups/[id]/files/route";
import * as downloadRoute from "@/app/api/v1/backups/[id]/download/route";
import * as backupRoute from "@/app/api/v1/backups/[id]/route";
import { indexSnapshotFiles } from "./index-snapshot-files";
import { deleteBackup, listBackupFiles, streamBackupDownload } from "./index";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-files-"));
const site = path.join(work, "srv", "site");
const png = randomBytes(300_000);
const dump = randomBytes(50_000);
let users: Record<Role, TestUser>;
let repo: Repo;
let backupId = "";
let dirSourceId = "";
let dbSourceId = "";

function sha(b: Buffer) {
  return createHash("sha256").update(b).digest("hex");
}

async function untar(body: ArrayBuffer): Promise<Map<string, Buffer | "dir">> {
  const out = new Map<string, Buffer | "dir">();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => void chunks.push(c as Buffer));
      stream.on("end", () => {
        out.set(header.name, header.type === "directory" ? "dir" : Buffer.concat(chunks));
        next();
      });
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  extract.end(Buffer.from(body));
  await done;
  return out;
}

function unzipList(body: ArrayBuffer): Record<string, string> {
  const file = path.join(work, `dl-${randomBytes(4).toString("hex")}.zip`);
  fs.writeFileSync(file, Buffer.from(body));
  const py =
    "import zipfile,hashlib,sys,json; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))";
  return JSON.parse(execFileSync("python3", ["-c", py, file], { encoding: "utf8" }));
}

beforeAll(async () => {
  users = await seedRoles();
  fs.mkdirSync(path.join(site, "uploads", "deep"), { recursive: true });
  fs.writeFileSync(path.join(site, "index.html"), "<h1>hello</h1>\n");
  fs.writeFileSync(path.join(site, "uploads", "a.png"), png);
  fs.writeFileSync(path.join(site, "uploads", "deep", "b.txt"), "deep file\n");
  fs.writeFileSync(path.join(work, "srv", "outside.txt"), "not part of the source\n");

  const db = getDb();
  const [d] = await db
    .insert(destinations)
    .values({
      name: "Files test repo",
      type: "local",
      config: { path: path.join(work, "repo") },
      repoPasswordEnc: sealSecret("files-test-password"),
    })
    .returning();
  repo = await loadDestinationRepo(d!.id);
  await initRepo(repo);
  const slug = `p-${randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(projects).values({ name: slug, slug }).returning();
  const [e] = await db
    .insert(environments)
    .values({ projectId: p!.id, name: "Production", slug: "production", type: "production" })
    .returning();
  const [dirSrc] = await db
    .insert(sources)
    .values({ environmentId: e!.id, name: "site files", type: "directory", config: { path: site } })
    .returning();
  const [dbSrc] = await db
    .insert(sources)
    .values({
      environmentId: e!.id,
      name: "shop db",
      type: "postgres",
      config: { host: "127.0.0.1", port: 5432, database: "shop", user: "shop" },
    })
    .returning();
  dirSourceId = dirSrc!.id;
  dbSourceId = dbSrc!.id;
  const [b] = await db
    .insert(backups)
    .values({ environmentId: e!.id, status: "succeeded", trigger: "manual" })
    .returning();
  backupId = b!.id;
  const tags = ["lifeboat", `backup:${backupId}`];
  const dirSnap = await backupPaths(repo, {
    paths: [site],
    tags: [...tags, `source:${dirSourceId}`],
    host: "production",
  });
  const dbSnap = await backupStdin(repo, {
    stdin: Readable.from([dump]),
    filename: "shop.pgdump",
    tags: [...tags, `source:${dbSourceId}`],
    host: "production",
  });
  const [row] = await db
    .insert(backupSnapshots)
    .values([
      {
        backupId,
        sourceId: dirSourceId,
        destinationId: d!.id,
        sourceName: "site files",
        sourceType: "directory",
        status: "succeeded",
        snapshotId: dirSnap.snapshotId,
      },
      {
        backupId,
        sourceId: dbSourceId,
        destinationId: d!.id,
        sourceName: "shop db",
        sourceType: "postgres",
        status: "succeeded",
        snapshotId: dbSnap.snapshotId,
      },
    ])
    .returning();
  await indexSnapshotFiles(row!.id, repo, dirSnap.snapshotId);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("listBackupFiles", () => {
  it("lists folders relative to the backed-up folder, from the index", async () => {
    const root = await listBackupFiles(backupId, { sourceId: dirSourceId, path: "/" });
    expect(root.entries.map((e) => [e.name, e.type])).toEqual([
      ["index.html", "file"],
      ["uploads", "dir"],
    ]);
    const uploads = await listBackupFiles(backupId, { sourceId: dirSourceId, path: "/uploads/" });
    expect(uploads).toMatchObject({
      path: "/uploads",
      entries: [
        { name: "a.png", type: "file", size: png.length },
        { name: "deep", type: "dir" },
      ],
    });
    expect(uploads.entries[0]!.mtime).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(
      listBackupFiles(backupId, { sourceId: dirSourceId, path: "/../../outside.txt" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(listBackupFiles(backupId, { sourceId: dirSourceId, path: "/nope" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
  it("opens indexed folders without the repository (no restic per click)", async () => {
    // The speed goal is bench:index's (a timed assertion here failed on a loaded CI machine); what this
    // test proves is the cause of the speed: an indexed folder is answered from the database alone, so it
    // still opens while the repository is moved away.
    const repoDir = path.join(work, "repo");
    const parked = path.join(work, "repo-parked");
    fs.renameSync(repoDir, parked);
    try {
      for (let i = 0; i < 15; i++) {
        const folder = i % 2 ? "/uploads/deep" : "/uploads";
        const r = await listBackupFiles(backupId, { sourceId: dirSourceId, path: folder });
        expect(r.path).toBe(folder);
        expect(r.entries.length).toBeGreaterThan(0);
      }
    } finally {
      fs.renameSync(parked, repoDir);
    }
    await expect(listBackupFiles(backupId, { sourceId: dbSourceId, path: "/" })).resolves.toMatchObject({
      entries: [expect.objectContaining({ name: "shop.pgdump" })],
    });
  });
  it("lists a database dump (not indexed) from the repository", async () => {
    const r = await listBackupFiles(backupId, { sourceId: dbSourceId, path: "/" });
    expect(r.entries).toEqual([expect.objectContaining({ name: "shop.pgdump", type: "file", size: dump.length })]);
  });
  it("answers the REST route for viewers", async () => {
    const r = await call(filesRoute.GET, {
      token: users.viewer.token,
      params: { id: backupId },
      path: `/api/v1/backups/${backupId}/files?sourceId=${dirSourceId}&path=/uploads`,
    });
    expect(r.status).toBe(200);
    expect(r.json.entries.map((e: { name: string }) => e.name)).toEqual(["a.png", "deep"]);
  });
});

describe("streamBackupDownload", () => {
  it("streams a folder as tar, named relative to the folder's parent", async () => {
    const res = await streamBackupDownload(
      backupId,
      { sourceId: dirSourceId, path: "/uploads", format: "tar" },
      users.operator.actor,
    );
    expect(res.headers.get("content-type")).toBe("application/x-tar");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="uploads.tar"');
    const files = await untar(await res.arrayBuffer());
    expect([...files.keys()].sort()).toEqual(["uploads/a.png", "uploads/deep/", "uploads/deep/b.txt"]);
    expect(sha(files.get("uploads/a.png") as Buffer)).toBe(sha(png));
    expect((files.get("uploads/deep/b.txt") as Buffer).toString()).toBe("deep file\n");
  });
  it("streams the whole source as zip", async () => {
    const res = await streamBackupDownload(
      backupId,
      { sourceId: dirSourceId, path: "/", format: "zip" },
      users.operator.actor,
    );
    expect(res.headers.get("content-type")).toBe("application/zip");
    const list = unzipList(await res.arrayBuffer());
    expect(list["site/uploads/a.png"]).toBe(sha(png));
    expect(list["site/index.html"]).toBe(sha(Buffer.from("<h1>hello</h1>\n")));
    expect(Object.keys(list).some((k) => k.includes("outside"))).toBe(false);
  });
  it("streams a single file and a database dump", async () => {
    const one = await untar(
      await (
        await streamBackupDownload(
          backupId,
          { sourceId: dirSourceId, path: "/uploads/a.png", format: "tar" },
          users.operator.actor,
        )
      ).arrayBuffer(),
    );
    expect([...one.keys()]).toEqual(["a.png"]);
    expect(sha(one.get("a.png") as Buffer)).toBe(sha(png));
    const zipped = unzipList(
      await (
        await streamBackupDownload(
          backupId,
          { sourceId: dbSourceId, path: "/shop.pgdump", format: "zip" },
          users.operator.actor,
        )
      ).arrayBuffer(),
    );
    expect(zipped).toEqual({ "shop.pgdump": sha(dump) });
  });
  it("refuses a viewer (403 with the reason, audited) and streams for an operator", async () => {
    const path = `/api/v1/backups/${backupId}/download?sourceId=${dirSourceId}&path=/index.html&format=tar`;
    const denied = await call(downloadRoute.GET, { token: users.viewer.token, params: { id: backupId }, path });
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe("forbidden");
    expect(denied.json.error.message).toMatch(/Viewers can browse .* not download/);
    const dump = await call(downloadRoute.GET, {
      token: users.viewer.token,
      params: { id: backupId },
      path: `/api/v1/backups/${backupId}/download?sourceId=${dbSourceId}&path=/shop.pgdump&format=zip`,
    });
    expect(dump.status).toBe(403);
    await expect(
      streamBackupDownload(backupId, { sourceId: dirSourceId, path: "/", format: "tar" }, users.viewer.actor),
    ).rejects.toMatchObject({ code: "forbidden" });
    const denials = await getDb()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "backup.download"), eq(auditLog.targetId, backupId), eq(auditLog.outcome, "denied")),
      );
    expect(denials.length).toBe(3);
    const ok = await call(downloadRoute.GET, { token: users.operator.token, params: { id: backupId }, path });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("<h1>hello</h1>");
  });
  it("goes through the REST route and is audited", async () => {
    const r = await call(downloadRoute.GET, {
      token: users.operator.token,
      params: { id: backupId },
      path: `/api/v1/backups/${backupId}/download?sourceId=${dirSourceId}&path=/index.html&format=tar`,
    });
    expect(r.status).toBe(200);
    const bad = await call(downloadRoute.GET, {
      token: users.operator.token,
      params: { id: backupId },
      path: `/api/v1/backups/${backupId}/download?sourceId=${dirSourceId}&path=/&format=rar`,
    });
    expect(bad.status).toBe(400);
    const audits = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "backup.download"), eq(auditLog.targetId, backupId)));
    expect(audits.length).toBeGreaterThanOrEqual(4);
  });
});

describe("deleteBackup", () => {
  it("forgets the backup's snapshots and hides it; only admins may", async () => {
    expect((await listSnapshots(repo, { tags: [`backup:${backupId}`] })).length).toBe(2);
    const refused = await call(backupRoute.DELETE, {
      method: "DELETE",
      token: users.operator.token,
      params: { id: backupId },
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("forbidden");
    const r = await call(backupRoute.DELETE, { method: "DELETE", token: users.admin.token, params: { id: backupId } });
    expect(r.status).toBe(204);
    expect(await listSnapshots(repo, { tags: [`backup:${backupId}`] })).toEqual([]);
    const [row] = await getDb().select().from(backups).where(eq(backups.id, backupId));
    expect(row!.deletedAt).not.toBeNull();
    const audits = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "backup.delete"), eq(auditLog.targetId, backupId)));
    expect(audits.map((a) => a.outcome).sort()).toEqual(["denied", "success"]);
    expect((await call(backupRoute.GET, { token: users.viewer.token, params: { id: backupId } })).status).toBe(404);
  });
  it("refuses a running backup", async () => {
    const [envRow] = await getDb().select().from(environments).limit(1);
    const [running] = await getDb()
      .insert(backups)
      .values({ environmentId: envRow!.id, status: "running", trigger: "manual" })
      .returning();
    await expect(deleteBackup(running!.id, users.admin.actor)).rejects.toMatchObject({ code: "conflict" });
  });
});
