/* Unit tests: restic's exit codes and stderr (as printed by 0.14 and newer) map to the right typed errors. */
import { describe, expect, it } from "vitest";
import {
  AuthRefused,
  Cancelled,
  RepoLocked,
  RepoNotFound,
  RepoUnreachable,
  ResticError,
  TlsError,
  WrongPassword,
  classifyResticFailure,
} from "./errors";

const ctx = { what: "list snapshots", repoUrl: "s3:https://s3.example.com/bucket" };
const c = (code: number | null, stderr: string) => classifyResticFailure(code, stderr, ctx);

describe("classifyResticFailure", () => {
  it("wrong password", () => {
    const e = c(1, "Fatal: wrong password or no key found\n");
    expect(e).toBeInstanceOf(WrongPassword);
    expect(e.message).toMatch(/password .* is wrong/);
    expect(c(12, "")).toBeInstanceOf(WrongPassword);
  });

  it("missing repository (local and 0.17 exit 10)", () => {
    expect(
      c(
        1,
        "Fatal: unable to open config file: stat /tmp/nope/config: no such file or directory\nIs there a repository at the following location?\n/tmp/nope\n",
      ),
    ).toBeInstanceOf(RepoNotFound);
    expect(c(10, "Fatal: repository does not exist")).toBeInstanceOf(RepoNotFound);
  });

  it("locked, with who and when", () => {
    const e = c(
      1,
      "unable to create lock in backend: repository is already locked by PID 12524 on vm by root (UID 0, GID 0)\nlock was created at 2026-11-23 18:22:39 (1.55s ago)\nstorage ID 7ab8939c\n",
    );
    expect(e).toBeInstanceOf(RepoLocked);
    expect((e as RepoLocked).lockedBy).toEqual({ pid: 12524, host: "vm", user: "root" });
    expect((e as RepoLocked).lockedAt).toBe("2026-11-23 18:22:39");
    expect(e.message).toContain("process 12524 on vm");
    expect(
      c(11, "repository is already locked exclusively by PID 7 on box by bob (UID 1000, GID 1000)"),
    ).toBeInstanceOf(RepoLocked);
  });

  it("DNS and connection failures before the generic 'Is there a repository' text", () => {
    const dns = c(
      1,
      'Fatal: unable to open config file: Stat: Get "https://nonexistent.invalid/bucket/?location=": dial tcp: lookup nonexistent.invalid on 10.255.255.53:53: no such host\nIs there a repository at the following location?\n',
    );
    expect(dns).toBeInstanceOf(RepoUnreachable);
    expect((dns as RepoUnreachable).reason).toBe("dns");
    const refused = c(
      1,
      'Fatal: unable to open config file: client.Head: Head "http://127.0.0.1:1/config": dial tcp 127.0.0.1:1: connect: connection refused\nIs there a repository at the following location?\n',
    );
    expect(refused).toBeInstanceOf(RepoUnreachable);
    expect((refused as RepoUnreachable).reason).toBe("network");
  });

  it("auth refused and TLS", () => {
    expect(
      c(
        1,
        "Fatal: unable to open config file: Stat: The request signature we calculated does not match the signature you provided. (SignatureDoesNotMatch)",
      ),
    ).toBeInstanceOf(AuthRefused);
    expect(c(1, "Fatal: Stat: Access Denied.")).toBeInstanceOf(AuthRefused);
    expect(c(1, "Fatal: unexpected HTTP response (401): 401 Unauthorized")).toBeInstanceOf(AuthRefused);
    expect(
      c(1, 'Fatal: Get "https://127.0.0.1:9000/b/": x509: certificate signed by unknown authority'),
    ).toBeInstanceOf(TlsError);
  });

  it("interrupted and unknown failures", () => {
    expect(c(130, "signal interrupt received, cleaning up")).toBeInstanceOf(Cancelled);
    const e = c(1, "some line\nFatal: something odd happened\n");
    expect(e.constructor).toBe(ResticError);
    expect(e.message).toContain("something odd happened");
    expect(e.exitCode).toBe(1);
  });
});
