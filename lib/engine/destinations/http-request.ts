/* One small HTTP(S) request for the storage APIs Lifeboat talks to beside restic (S3 listing and
 * deletion, the REST server's file protocol): the URL's scheme picks http or https, an extra CA
 * certificate is trusted beside the system's (as restic does with --cacert), the body is read as text
 * (up to `maxBodyChars`), and the request is bounded by a timeout. It resolves with the status and body
 * whatever the status is; only a network error or the timeout rejects. */
import http from "node:http";
import https from "node:https";
import tls from "node:tls";

export type HttpRequest = {
  url: string;
  method: "GET" | "HEAD" | "DELETE";
  headers: Record<string, string>;
  caCertPem?: string;
  timeoutMs?: number;
  /** what the timeout error names, e.g. "S3 GET" */
  label: string;
  maxBodyChars?: number;
};

export function httpRequest(r: HttpRequest): Promise<{ status: number; body: string }> {
  const lib = r.url.startsWith("https:") ? https : http;
  const ca = r.caCertPem ? [...tls.rootCertificates, r.caCertPem] : undefined;
  const max = r.maxBodyChars ?? Number.POSITIVE_INFINITY;
  return new Promise((resolve, reject) => {
    const req = lib.request(r.url, { method: r.method, headers: r.headers, ...(ca ? { ca } : {}) }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        if (body.length < max) body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(r.timeoutMs ?? 30_000, () => req.destroy(new Error(`${r.label} timed out`)));
    req.on("error", reject);
    req.end();
  });
}
