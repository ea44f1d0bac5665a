/* "Is there anything under this bucket/prefix?" for S3-compatible destinations: one ListObjectsV2 request
 * (max-keys=1) signed with AWS Signature V4, so verifyDestination can tell an empty location (fine to
 * initialise) from one that holds other data but no restic repository. restic itself cannot answer this
 * (it only reports the missing `config`). Addressing follows restic's minio client: virtual-host style
 * for amazonaws.com unless path-style is set, path style elsewhere. Returns undefined when it cannot
 * tell; the caller then treats the location as empty, as restic would. */
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import tls from "node:tls";

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

/** The signed ListObjectsV2 request (max-keys=1) for a bucket/prefix. */
export function signedListRequest(i: S3ListInput): { url: string; headers: Record<string, string> } {
  const virtual = !i.pathStyle && /(^|\.)amazonaws\.com(:\d+)?$/.test(i.host);
  const host = virtual ? `${i.bucket}.${i.host}` : i.host;
  const pathPart = virtual ? "/" : `/${rfc3986(i.bucket)}/`;
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

export function s3HasObjects(i: S3ListInput, timeoutMs = 15_000): Promise<boolean | undefined> {
  const { url, headers } = signedListRequest(i);
  const lib = i.scheme === "https" ? https : http;
  const ca = i.caCertPem ? [...tls.rootCertificates, i.caCertPem] : undefined;
  return new Promise((resolve) => {
    const req = lib.request(url, { method: "GET", headers, ...(ca ? { ca } : {}) }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        if (body.length < 65536) body += d;
      });
      res.on("end", () => {
        if (res.statusCode !== 200) return resolve(undefined);
        const count = body.match(/<KeyCount>(\d+)<\/KeyCount>/);
        resolve(count ? Number(count[1]) > 0 : /<Contents>/.test(body));
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end();
  });
}
