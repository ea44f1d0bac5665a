/* "Is there anything under this bucket/prefix?" for S3-compatible destinations: one ListObjectsV2 request
 * (max-keys=1) signed with AWS Signature V4, so verifyDestination can tell an empty location (fine to
 * initialise) from one that holds other data but no restic repository. restic itself cannot answer this
 * (it only reports the missing `config`). Addressing follows restic's minio client: virtual-host style
 * for amazonaws.com unless path-style is set, path style elsewhere. Returns undefined when it cannot
 * tell; the caller then treats the location as empty, as restic would. */
import crypto from "node:crypto";
import fs from "node:fs";
import { type DestinationSpec, ZS3Config, ZS3Secrets } from "./config";
import { httpRequest } from "./http-request";
import { s3Endpoint } from "./repo-for-destination";

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const hmac = (k: Buffer | string, s: string) => crypto.createHmac("sha256", k).update(s).digest();
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export type S3ListInput = {
  scheme: "https" | "http";
  host: string;
  bucket: string;
  prefix?: string;
  pathStyle?: boolean;
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  caCertPem?: string;
  now?: Date;
};

/** Signs a GET with AWS Signature V4 (headers host, x-amz-content-sha256, x-amz-date). */
export function signS3Get(i: Omit<Parameters<typeof signS3Request>[0], "method">) {
  return signS3Request({ ...i, method: "GET" });
}

/** Signs a bodiless request (GET, DELETE) with AWS Signature V4. */
export function signS3Request(i: {
  method: "GET" | "DELETE";
  host: string;
  path: string;
  query: [string, string][];
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  now: Date;
}): { canonicalQuery: string; headers: Record<string, string> } {
  const canonicalQuery = [...i.query]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join("&");
  const amzDate = i.now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const payloadHash = sha256("");
  const headers: Record<string, string> = { host: i.host, "x-amz-content-sha256": payloadHash, "x-amz-date": amzDate };
  const signed = Object.keys(headers).sort();
  const canonical = [
    i.method,
    i.path,
    canonicalQuery,
    ...signed.map((h) => `${h}:${headers[h]}`),
    "",
    signed.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${date}/${i.region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${i.secretAccessKey}`, date), i.region), "s3"), "aws4_request");
  const signature = crypto.createHmac("sha256", key).update(toSign).digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${i.accessKeyId}/${scope}, SignedHeaders=${signed.join(";")}, Signature=${signature}`;
  return { canonicalQuery, headers };
}

/** The S3 access of a destination spec: endpoint, bucket, prefix, region, keys and the extra CA (its file
 * read here; a file that cannot be read is left out, and the TLS handshake then says what is wrong). */
export function s3AccessOf(spec: DestinationSpec): Omit<S3ListInput, "now"> {
  const c = ZS3Config.parse(spec.config);
  const s = ZS3Secrets.parse(spec.secrets);
  const { scheme, host } = s3Endpoint(c.endpoint);
  let caCertPem = c.caCert;
  if (!caCertPem && c.caCertPath) {
    try {
      caCertPem = fs.readFileSync(c.caCertPath, "utf8");
    } catch {
      caCertPem = undefined;
    }
  }
  return {
    scheme,
    host,
    bucket: c.bucket,
    prefix: c.prefix,
    pathStyle: c.pathStyle,
    region: c.region,
    accessKeyId: s.accessKeyId,
    secretAccessKey: s.secretAccessKey,
    caCertPem,
  };
}

/** Where requests for a bucket go: virtual-host style for amazonaws.com unless path-style is set (the
 * bucket in the host name, paths from "/"), path style elsewhere (paths under "/<bucket>"). */
export function s3Addressing(i: Pick<S3ListInput, "host" | "bucket" | "pathStyle">): { host: string; base: string } {
  const virtual = !i.pathStyle && /(^|\.)amazonaws\.com(:\d+)?$/.test(i.host);
  return { host: virtual ? `${i.bucket}.${i.host}` : i.host, base: virtual ? "" : `/${rfc3986(i.bucket)}` };
}

/** The signed ListObjectsV2 request (max-keys=1) for a bucket/prefix. */
export function signedListRequest(i: S3ListInput): { url: string; headers: Record<string, string> } {
  const { host, base } = s3Addressing(i);
  const pathPart = `${base}/`;
  const { canonicalQuery, headers } = signS3Get({
    host,
    path: pathPart,
    query: [
      ["list-type", "2"],
      ["max-keys", "1"],
      ["prefix", i.prefix ? `${i.prefix}/` : ""],
    ],
    region: i.region ?? "us-east-1",
    accessKeyId: i.accessKeyId,
    secretAccessKey: i.secretAccessKey,
    now: i.now ?? new Date(),
  });
  return { url: `${i.scheme}://${host}${pathPart}?${canonicalQuery}`, headers };
}

export async function s3HasObjects(i: S3ListInput, timeoutMs = 15_000): Promise<boolean | undefined> {
  const { url, headers } = signedListRequest(i);
  const res = await httpRequest({
    url,
    method: "GET",
    headers,
    caCertPem: i.caCertPem,
    timeoutMs,
    label: "S3 list",
    maxBodyChars: 65536,
  }).catch(() => undefined);
  if (!res || res.status !== 200) return undefined;
  const count = res.body.match(/<KeyCount>(\d+)<\/KeyCount>/);
  return count ? Number(count[1]) > 0 : /<Contents>/.test(res.body);
}
