/* Reads restic's (and ssh's) stderr from a failed probe of a destination and says what kind of failure
 * it was. Pure (unit-tested against the real output captured from restic 0.14, ssh, s3rver and rclone).
 * Owns only the patterns; the wording users see is in verify-messages.ts. Order matters: a wrong
 * password is certain; DNS and TLS are checked before the generic network errors they contain. */

export type DestinationProblem =
  | "auth"
  | "dns"
  | "tls"
  | "bucket_missing"
  | "not_a_repository"
  | "wrong_password"
  | "unreachable";

/** `no_config`: the location answered but has no restic `config` (empty, or not a repository). */
export type ProbeOutcome =
  | { kind: DestinationProblem; detail: string; tlsKind?: "certificate" | "plain_http" | "host_key"; region?: string }
  | { kind: "no_config"; detail: string }
  | { kind: "unknown"; detail: string };

const has = (s: string, ...res: RegExp[]) => res.some((r) => r.test(s));

/** The most telling line of restic's output, without restic's boilerplate and the "Is there a
 * repository" hint. Never contains secrets: restic masks URL passwords as *** and never prints keys. */
export function resticDetail(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.replace(/^subprocess ssh: /, "").trim())
    .filter((l) => l && !/^Is there a repository|^(s3|sftp|rest|b2|azure|gs|swift|rclone):|^\/|^@+$/.test(l));
  const fatal = lines.find((l) => l.startsWith("Fatal:")) ?? lines[lines.length - 1] ?? "";
  return fatal.replace(/^Fatal:\s*/, "").slice(0, 300);
}

export function classifyResticStderr(stderr: string): ProbeOutcome {
  const s = stderr;
  const detail = resticDetail(s);
  if (has(s, /wrong password or no key found/i)) return { kind: "wrong_password", detail };
  if (
    has(
      s,
      /no such host/i,
      /Could not resolve hostname/i,
      /Name or service not known/i,
      /Temporary failure in name resolution/i,
      /server misbehaving/i,
    )
  )
    return { kind: "dns", detail };
  if (
    has(
      s,
      /Host key verification failed/i,
      /REMOTE HOST IDENTIFICATION HAS CHANGED/i,
      /host key .* (is not known|has changed)/i,
    )
  )
    return { kind: "tls", detail: "host key verification failed", tlsKind: "host_key" };
  if (has(s, /server gave HTTP response to HTTPS client/i)) return { kind: "tls", detail, tlsKind: "plain_http" };
  if (
    has(
      s,
      /x509:/i,
      /tls: /i,
      /certificate (signed by unknown authority|is not valid|has expired|is valid for)/i,
      /remote error: tls/i,
    )
  )
    return { kind: "tls", detail, tlsKind: "certificate" };
  if (has(s, /specified bucket does not exist/i, /NoSuchBucket/i)) return { kind: "bucket_missing", detail };
  // AWS answers a request signed for the wrong region with the region it expected.
  const region =
    s.match(/region '[^']*' is wrong; expecting '([^']+)'/i) ?? s.match(/x-amz-bucket-region:?\s*([a-z0-9-]+)/i);
  if (
    region ||
    has(s, /AuthorizationHeaderMalformed/i, /PermanentRedirect/i, /must be addressed using the specified endpoint/i)
  )
    return { kind: "auth", detail, region: region?.[1] ?? "" };
  if (
    has(
      s,
      /Access Key Id you provided does not exist/i,
      /InvalidAccessKeyId/i,
      /signature we calculated does not match/i,
      /SignatureDoesNotMatch/i,
      /Access Denied/i,
      /AccessDenied/i,
      /\(40[13]\)/,
      /\b401 Unauthorized\b/i,
      /403 Forbidden/i,
      /Permission denied \(publickey/i,
      /Too many authentication failures/i,
      /permission denied/i,
    )
  )
    return { kind: "auth", detail };
  if (
    has(
      s,
      /connection refused/i,
      /i\/o timeout/i,
      /connection timed out/i,
      /no route to host/i,
      /network is unreachable/i,
      /connection reset/i,
      /Connection closed by/i,
      /context deadline exceeded/i,
      /unable to start the sftp session/i,
    )
  )
    return { kind: "unreachable", detail };
  if (has(s, /unable to open config file/i) && has(s, /does not exist/i, /no such file/i, /\(404\)/, /not found/i))
    return { kind: "no_config", detail };
  return { kind: "unknown", detail };
}
