/* The shape of one REST v1 endpoint in the OpenAPI list, and the small helpers the endpoint lists share
 * (success descriptions, a schema derived with a fallback). */
import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";

export type Endpoint = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  /** null = no token needed */
  role: Role | null;
  body?: z.ZodType;
  query?: z.ZodType;
  /** success status and what it returns */
  success: { status: number; description: string };
};

/** A schema derived from another (pick/omit), or `fallback` when the source cannot be derived. */
export function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

export const ok = (description: string) => ({ status: 200, description });
export const created = (description: string) => ({ status: 201, description });
export const noContent = { status: 204, description: "Done" };
