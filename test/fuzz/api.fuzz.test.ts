/* Fuzzing the REST API (issue 14): for every endpoint of the OpenAPI document, fast-check generates
 * bodies, queries and path parameters — shaped by the endpoint's own schema, near misses of it, and
 * arbitrary JSON with NULs, traversal strings and huge values — and sends them through the real route
 * handler and database as an admin. Every answer must be a 2xx, or a 4xx whose body names the problem
 * ({error: {code, message}}); never a 500, never a hang. Mutating endpoints run last, deletes at the very
 * end, so the seeded objects stay there for the others. LIFEBOAT_FUZZ_RUNS sets the cases per endpoint. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, seedRoles, seedUser } from "@/lib/auth/test-fixtures";
import { openApiDocument } from "@/lib/openapi/document";
import { ENDPOINTS } from "@/lib/openapi/endpoints";
import { bodyArbitrary, pathParamArbitrary } from "./json-schema-arbitrary";
import { type RoutedEndpoint, routedEndpoints } from "./route-table";

const RUNS = Number(process.env.LIFEBOAT_FUZZ_RUNS ?? 200);
const CALL_TIMEOUT_MS = 15_000;
const ORDER = { get: 0, post: 1, put: 1, patch: 1, delete: 2 } as const;

let admin = "";
const known: string[] = [];
let endpoints: RoutedEndpoint[] = [];
/** Answers by endpoint and status class, printed at the end: the share of 2xx shows how deep it got. */
const answers = new Map<string, Record<string, number>>();

type Json = Record<string, any>;

function operationOf(e: RoutedEndpoint): Json {
  const paths = openApiDocument().paths as Json;
  return paths[e.path][e.method];
}

function querySchema(op: Json): Json {
  const props: Json = {};
  for (const p of op.parameters ?? []) if (p.in === "query") props[p.name] = p.schema;
  return { type: "object", properties: props };
}

function queryString(q: unknown): string {
  if (!q || typeof q !== "object" || Array.isArray(q)) return "";
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) u.append(k, typeof v === "string" ? v : JSON.stringify(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}

async function seed(): Promise<void> {
  const users = await seedRoles();
  admin = users.admin.token;
  const victim = await seedUser("operator");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-fuzz-"));
  const post = async (route: string, body: unknown, params: Record<string, string> = {}) => {
    const e = endpoints.find((x) => x.method === "post" && x.path === route);
    if (!e) throw new Error(`no POST ${route}`);
    const r = await call(e.handler, { method: "POST", token: admin, body, params });
    if (r.status >= 300) throw new Error(`seeding POST ${route}: ${r.status} ${r.text}`);
    return r.json;
  };
  const project = await post("/projects", { name: "Fuzz" });
  const envRow = await post("/projects/{id}/environments", { name: "prod", type: "production" }, { id: project.id });
  const source = await post(
    "/environments/{id}/sources",
    { name: "files", type: "directory", config: { path: dir } },
    { id: envRow.id },
  );
  const dest = await post("/destinations", { name: "Disk", type: "local", config: { path: path.join(dir, "repo") } });
  const backup = await post("/environments/{id}/backups", {}, { id: envRow.id });
  known.push(project.id, envRow.id, source.id, dest.id, String(victim.actor.id), backup.id, backup.jobId);
}

function checkAnswer(e: RoutedEndpoint, sent: unknown, r: { status: number; json: any; text: string }): void {
  const what = `${e.method.toUpperCase()} ${e.path} with ${JSON.stringify(sent).slice(0, 300)}`;
  if (r.status >= 500) throw new Error(`${what} → ${r.status} ${r.text.slice(0, 300)}`);
  if (r.status >= 400 && r.status !== 405 && !(typeof r.json?.error?.message === "string" && r.json.error.message)) {
    throw new Error(`${what} → ${r.status} without an error message: ${r.text.slice(0, 200)}`);
  }
}

async function withTimeout<T>(p: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label} did not answer within ${CALL_TIMEOUT_MS} ms`)),
      CALL_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  endpoints = (await routedEndpoints()).sort((a, b) => ORDER[a.method] - ORDER[b.method]);
  await seed();
}, 120_000);

afterAll(() => {
  const lines = [...answers].map(
    ([k, c]) =>
      `${k}: ${Object.entries(c)
        .map(([s, n]) => `${s}×${n}`)
        .join(" ")}`,
  );
  const total = [...answers.values()].reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
  console.log(`fuzz: ${total} requests over ${answers.size} endpoints, no 5xx, no hang\n${lines.join("\n")}`);
});

describe("every REST endpoint answers generated input with a 2xx or a 4xx that says why", () => {
  const list = [...ENDPOINTS].sort((a, b) => ORDER[a.method] - ORDER[b.method]);
  for (const listed of list) {
    it(`${listed.method.toUpperCase()} ${listed.path}`, { timeout: 600_000 }, async () => {
      const e = endpoints.find((x) => x.method === listed.method && x.path === listed.path) as RoutedEndpoint;
      const op = operationOf(e);
      const paramNames = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const arb = fc.record({
        params: fc.tuple(...paramNames.map(() => pathParamArbitrary(known))),
        body: e.body ? fc.option(bodyArbitrary(bodySchema), { nil: undefined, freq: 10 }) : fc.constant(undefined),
        query: fc.option(bodyArbitrary(querySchema(op)), { nil: undefined, freq: 4 }),
      });
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(arb, async ({ params, body, query }) => {
          const p = Object.fromEntries(paramNames.map((n, i) => [n, params[i] as string]));
          const urlPath = e.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(p[n] ?? ""));
          const r = await withTimeout(
            call(e.handler, {
              method: e.method.toUpperCase(),
              token: admin,
              path: `/api/v1${urlPath}${queryString(query)}`,
              params: p,
              body,
            }),
            `${e.method.toUpperCase()} ${e.path}`,
          );
          checkAnswer(e, { params: p, body, query }, r);
          const key = `${e.method.toUpperCase()} ${e.path}`;
          const counts = answers.get(key) ?? {};
          counts[r.status] = (counts[r.status] ?? 0) + 1;
          answers.set(key, counts);
          answered++;
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      expect(answered).toBe(RUNS);
    });
  }
});
