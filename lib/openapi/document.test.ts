/* The OpenAPI document lists every route handler under app/api/v1 (by method) and carries the request
 * schemas generated from the operations' zod schemas. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";

const V1 = path.join(process.cwd(), "app/api/v1");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? routeFiles(p) : d.name === "route.ts" ? [p] : [];
  });
}

describe("openapi document", () => {
  const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, any>> };

  it("is OpenAPI 3.1 and documents every route handler", () => {
    expect(doc.openapi).toBe("3.1.0");
    const missing: string[] = [];
    for (const file of routeFiles(V1)) {
      const apiPath =
        "/" +
        path
          .relative(V1, path.dirname(file))
          .split(path.sep)
          .map((s) => s.replace(/^\[(\w+)\]$/, "{$1}"))
          .join("/");
      const src = fs.readFileSync(file, "utf8");
      for (const m of src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
        if (!doc.paths[apiPath]?.[m[1]!.toLowerCase()]) missing.push(`${m[1]} ${apiPath}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("carries request schemas from zod, with every source and destination type", () => {
    const project = doc.paths["/projects"]!.post.requestBody.content["application/json"].schema;
    expect(project.properties).toHaveProperty("name");
    expect(project.required).toContain("name");
    const source = JSON.stringify(
      doc.paths["/environments/{id}/sources"]!.post.requestBody.content["application/json"].schema,
    );
    for (const t of ["postgres", "mysql", "sqlite", "directory", "command"]) expect(source).toContain(`"${t}"`);
    const dest = JSON.stringify(doc.paths["/destinations"]!.post.requestBody.content["application/json"].schema);
    for (const t of ["local", "s3", "sftp", "rest", "secretAccessKey", "privateKey"]) expect(dest).toContain(`"${t}"`);
    const audit = doc.paths["/audit"]!.get.parameters.map((p: { name: string }) => p.name);
    expect(audit).toEqual(expect.arrayContaining(["actor", "action", "outcome", "limit", "cursor"]));
    expect(doc.paths["/destinations/{id}/recovery-kit"]!.post["x-min-role"]).toBe("admin");
  });

  it("describes a backup's verification and a directory source's required paths (API.md §Proof)", () => {
    const v = (
      doc as unknown as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } }
    ).components.schemas.Verification!;
    expect(Object.keys(v.properties)).toEqual(["status", "checks"]);
    expect(v.properties.status.enum).toEqual(["pending", "passed", "warning", "failed"]);
    expect(doc.paths["/backups/{id}"]!.get.responses["200"].description).toMatch(/verification/);
    const source = JSON.stringify(
      doc.paths["/environments/{id}/sources"]!.post.requestBody.content["application/json"].schema,
    );
    expect(source).toContain('"requiredPaths"');
  });
});
