/* Removing a restic repository from an S3 bucket (restic has no "delete repository"): every object of
 * restic's layout under the repository's prefix — `keys/`, `locks/`, `snapshots/`, `index/`, `data/`
 * and `config` last — is listed (ListObjectsV2, paged) and deleted (DeleteObject, signed with AWS
 * Signature V4 as s3-list.ts signs its listing). Only names of restic's layout are touched, so other
 * objects under the same prefix or in the bucket stay; a prefix without a `config` object is refused
 * (S3NotARepository), so a wrong row can never empty another place. Keys go first: from the first
 * deletion on, nobody can open what is left. */
import type { DestinationSpec } from "./config";
import { httpRequest } from "./http-request";
import { type S3ListInput, s3AccessOf, s3Addressing, signS3Request } from "./s3-list";

export class S3NotARepository extends Error {}

const HEX64 = "[0-9a-f]{64}";
const RESTIC_NAME = new RegExp(
  `^(config|keys/${HEX64}|locks/${HEX64}|snapshots/${HEX64}|index/${HEX64}|data/[0-9a-f]{2}/${HEX64})$`,
);
const ORDER = ["keys/", "locks/", "snapshots/", "index/", "data/", "config"];

type Target = Omit<S3ListInput, "now"> & { timeoutMs?: number };

function send(i: Target, method: "GET" | "DELETE", key: string, query: [string, string][]) {
  const { host, base } = s3Addressing(i);
  const objectPath = `${base}/${key.split("/").map(encodeURIComponent).join("/")}`;
  const { canonicalQuery, headers } = signS3Request({
    method,
    host,
    path: objectPath,
    query,
    region: i.region ?? "us-east-1",
    accessKeyId: i.accessKeyId,
    secretAccessKey: i.secretAccessKey,
    now: new Date(),
  });
  const url = `${i.scheme}://${host}${objectPath}${canonicalQuery ? `?${canonicalQuery}` : ""}`;
  return httpRequest({ url, method, headers, caCertPem: i.caCertPem, timeoutMs: i.timeoutMs, label: `S3 ${method}` });
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** Every object key under `prefix/` (the whole bucket without a prefix), all pages. */
export async function listS3Keys(i: Target): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query: [string, string][] = [
      ["list-type", "2"],
      ["max-keys", "1000"],
      ["prefix", i.prefix ? `${i.prefix}/` : ""],
      ...(token ? ([["continuation-token", token]] as [string, string][]) : []),
    ];
    const r = await send(i, "GET", "", query);
    if (r.status !== 200) throw new Error(`S3 listing of ${i.bucket}/${i.prefix ?? ""} answered ${r.status}`);
    for (const m of r.body.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(unescapeXml(m[1]!));
    token = /<IsTruncated>true<\/IsTruncated>/.test(r.body)
      ? unescapeXml(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(r.body)?.[1] ?? "")
      : undefined;
  } while (token);
  return keys;
}

/** Deletes the restic repository under `prefix`; returns how many objects were deleted. */
export async function removeS3Repository(i: Target): Promise<{ deleted: number; leftAlone: number }> {
  const start = i.prefix ? `${i.prefix}/` : "";
  const all = await listS3Keys(i);
  const ours = all.filter((k) => k.startsWith(start) && RESTIC_NAME.test(k.slice(start.length)));
  if (!ours.some((k) => k.slice(start.length) === "config")) {
    throw new S3NotARepository(`${i.bucket}/${i.prefix ?? ""} holds no restic repository; it was left alone.`);
  }
  const rank = (k: string) => ORDER.findIndex((p) => k.slice(start.length).startsWith(p));
  ours.sort((a, b) => rank(a) - rank(b));
  for (const key of ours) {
    const r = await send(i, "DELETE", key, []);
    if (r.status !== 204 && r.status !== 200 && r.status !== 404)
      throw new Error(`S3 DeleteObject of ${key} answered ${r.status}`);
  }
  return { deleted: ours.length, leftAlone: all.length - ours.length };
}

/** removeS3Repository for an S3 destination spec (its config and provider secrets). */
export function removeS3RepositoryOf(spec: DestinationSpec): Promise<{ deleted: number; leftAlone: number }> {
  return removeS3Repository(s3AccessOf(spec));
}
