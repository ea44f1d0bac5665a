/* A throwaway self-signed certificate for loopback HTTPS test servers, made with the openssl CLI:
 * CN 127.0.0.1, SAN IP:127.0.0.1 + DNS:localhost, so clients verify it when given the cert as CA. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type TlsCert = { certPath: string; keyPath: string; certPem: string; keyPem: string };

export function makeSelfSignedCert(dir: string): TlsCert {
  fs.mkdirSync(dir, { recursive: true });
  const keyPath = path.join(dir, "server.key");
  const certPath = path.join(dir, "server.crt");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-sha256",
      "-days",
      "2",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
    ],
    { stdio: "pipe" },
  );
  return { certPath, keyPath, certPem: fs.readFileSync(certPath, "utf8"), keyPem: fs.readFileSync(keyPath, "utf8") };
}
