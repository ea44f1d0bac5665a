/* One schema per operation: the REST restore body is ZCreateRestore minus backupId, not a
 * hand-kept copy, and the OpenAPI document shows that same schema (it used to fall back silently to a
 * loose copy because zod 4 refuses .omit() on the refined ZCreateRestore). */
import { describe, expect, it } from "vitest";
import { ZCreateRestore } from "./create-restore";
import { ZRestoreBackupBody } from "./restore-body";
import { ENDPOINTS } from "@/lib/openapi/endpoints";
import { openApiDocument } from "@/lib/openapi/document";

const SOURCE = "0b5e0c52-3f8e-4c1a-9d0e-2f4b6a8c0d1e";

describe("ZRestoreBackupBody", () => {
  it('refuses a path with ".." up front (probe finding)', () => {
    for (const path of ["../../etc/passwd", "/uploads/../../etc", "a/..", "..\\x"]) {
      const r = ZRestoreBackupBody.safeParse({ scope: "paths", paths: [{ sourceId: SOURCE, path }] });
      expect(r.success, path).toBe(false);
      expect(r.error!.issues[0]).toMatchObject({
        path: ["paths", 0, "path"],
        message: expect.stringContaining('".."'),
      });
    }
    expect(
      ZRestoreBackupBody.safeParse({ scope: "paths", paths: [{ sourceId: SOURCE, path: "/a..b/c" }] }).success,
    ).toBe(true);
  });
  it("has exactly ZCreateRestore's fields except backupId, with the same field schemas", () => {
    const lib = Object.keys(ZCreateRestore.shape).filter((k) => k !== "backupId");
    expect(Object.keys(ZRestoreBackupBody.shape).sort()).toEqual(lib.sort());
    for (const k of lib)
      expect(ZRestoreBackupBody.shape[k as keyof typeof ZRestoreBackupBody.shape], k).toBe(
        ZCreateRestore.shape[k as keyof typeof ZCreateRestore.shape],
      );
  });
  it("accepts and refuses what the action path does for the same body", () => {
    const bodies: unknown[] = [
      { scope: "full" },
      { scope: "files", safetyBackup: false },
      { scope: "paths", paths: [{ sourceId: SOURCE, path: "/uploads" }] },
      { scope: "everything" },
      { scope: "paths", paths: [{ sourceId: "not-an-id", path: "/x" }] },
      { scope: "paths", paths: [{ sourceId: SOURCE, path: "" }] },
      { scope: "full", targetEnvironmentId: "nope" },
    ];
    for (const b of bodies) {
      const rest = ZRestoreBackupBody.safeParse(b).success;
      const action = ZCreateRestore.safeParse({ ...(b as object), backupId: SOURCE }).success;
      expect(rest, JSON.stringify(b)).toBe(action);
    }
  });
  it("is what the OpenAPI document shows for POST /backups/{id}/restore", () => {
    const e = ENDPOINTS.find((x) => x.method === "post" && x.path === "/backups/{id}/restore")!;
    expect(e.body).toBe(ZRestoreBackupBody);
    const doc = openApiDocument() as { paths: Record<string, Record<string, any>> };
    const schema = JSON.stringify(
      doc.paths["/backups/{id}/restore"]!.post.requestBody.content["application/json"].schema,
    );
    expect(schema).toContain('"format":"uuid"'); // sourceId/targetEnvironmentId as the lib declares them
  });
});
