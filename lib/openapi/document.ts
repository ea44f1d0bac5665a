/* Builds the OpenAPI 3.1 document of REST v1 from ENDPOINTS and the operations' zod schemas
 * (z.toJSONSchema, input side: what a client sends). Generated once per process. */
import { z } from "zod";
import { ZSnapshotManifest, ZVerification } from "@/lib/proof/schema";
import { ENDPOINTS, type Endpoint } from "./endpoints";

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType): Json {
  try {
    const j = z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Json;
    delete j.$schema;
    return j;
  } catch {
    return {};
  }
}

const ERROR_RESPONSE = { $ref: "#/components/responses/Error" };

function queryParameters(e: Endpoint): Json[] {
  if (!e.query) return [];
  const js = schemaOf(e.query) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: js.required?.includes(name) ?? false,
    schema,
  }));
}

function requestBody(body: z.ZodType): Json {
  const schema = schemaOf(body);
  // A body whose fields are all optional may be omitted (e.g. "back up now" with defaults).
  const required = !(schema.type === "object" && !(schema.required as string[] | undefined)?.length);
  return { required, content: { "application/json": { schema } } };
}

function operation(e: Endpoint): Json {
  const pathParams = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const responses: Json = {
    [String(e.success.status)]: { description: e.success.description },
    "400": ERROR_RESPONSE,
    "404": ERROR_RESPONSE,
    "409": ERROR_RESPONSE,
  };
  if (e.role) Object.assign(responses, { "401": ERROR_RESPONSE, "403": ERROR_RESPONSE });
  return {
    summary: e.summary,
    tags: [e.tag],
    operationId: `${e.method}${e.path.replace(/\{(\w+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    ...(e.role ? { "x-min-role": e.role } : { security: [] }),
    parameters: [...pathParams, ...queryParameters(e)],
    ...(e.body ? { requestBody: requestBody(e.body) } : {}),
    responses,
  };
}

let cached: Json | undefined;

export function openApiDocument(): Json {
  if (cached) return cached;
  const paths: Record<string, Json> = {};
  for (const e of ENDPOINTS) {
    paths[e.path] ??= {};
    (paths[e.path] as Json)[e.method] = operation(e);
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Lifeboat REST API",
      version: "1",
      description:
        "Back up and restore application environments with restic. Authenticate with `Authorization: Bearer <token>` " +
        "(POST /auth/token). Secrets are write-only: responses show `hasSecret: true`. Errors: " +
        '`{"error": {"code", "message", "fields"}}`. `x-min-role` is the least role an operation needs.',
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        // A Backup's `verification` (API.md §Proof) and what a snapshot row records as its manifest.
        Verification: schemaOf(ZVerification),
        SnapshotManifest: schemaOf(ZSnapshotManifest),
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", examples: ["validation_failed", "forbidden", "in_use"] },
                message: { type: "string" },
                fields: { type: "object", additionalProperties: { type: "string" } },
              },
            },
          },
        },
      },
      responses: {
        Error: {
          description: "Error",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    },
    paths,
  };
  return cached;
}
