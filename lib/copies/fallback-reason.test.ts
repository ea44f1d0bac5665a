/* Each branch of when a restore may read a copy: reachability and a missing snapshot allow it; a wrong
 * password, refused credentials, a locked repository, a restore target failure do not. */
import { describe, expect, it } from "vitest";
import { classifyResticFailure, RepoLocked, WrongPassword } from "@/lib/engine/errors";
import { RestoreFailed } from "@/lib/engine/sources/errors";
import { AppError } from "@/lib/errors";
import { copyFallbackReason, copyFallbackReasonOfAll } from "./fallback-reason";

const fail = (code: number, stderr: string) => classifyResticFailure(code, stderr, { what: "restore", repoUrl: "/r" });

describe("copyFallbackReason", () => {
  it("allows a copy when the primary is unreachable or lacks the snapshot", () => {
    expect(copyFallbackReason(fail(1, "Fatal: dial tcp 10.0.0.1:443: connection refused"))).toMatch(
      /^Primary unreachable/,
    );
    expect(copyFallbackReason(fail(1, "Fatal: Get x: dial tcp: lookup nohost: no such host"))).toMatch(
      /^Primary unreachable/,
    );
    expect(copyFallbackReason(fail(1, "x509: certificate signed by unknown authority"))).toMatch(
      /^Primary unreachable/,
    );
    expect(
      copyFallbackReason(
        fail(10, "Fatal: unable to open config file: Is there a repository at the following location?"),
      ),
    ).toMatch(/^Primary repository missing/);
    expect(copyFallbackReason(fail(1, 'invalid id "deadbeef": no matching ID found for prefix "deadbeef"'))).toMatch(
      /^Snapshot not in the primary/,
    );
    expect(
      copyFallbackReason(new RestoreFailed("site", "the restore", "found no snapshot ab12cd34 in the repository")),
    ).toMatch(/^Snapshot not in the primary/);
    expect(copyFallbackReason(new RestoreFailed("site", "pg_restore", "exited 1"))).toBeNull();
    expect(copyFallbackReason(new AppError("not_found", "This destination does not exist."))).toMatch(
      /^Primary destination gone/,
    );
  });
  it("refuses a copy for every other failure", () => {
    expect(fail(12, "Fatal: wrong password or no key found")).toBeInstanceOf(WrongPassword);
    expect(copyFallbackReason(fail(12, "Fatal: wrong password or no key found"))).toBeNull();
    expect(copyFallbackReason(fail(1, "Fatal: 403 Forbidden AccessDenied"))).toBeNull();
    expect(fail(11, "repository is already locked by PID 1 on h by u (UID 0)")).toBeInstanceOf(RepoLocked);
    expect(copyFallbackReason(fail(11, "repository is already locked by PID 1 on h by u (UID 0)"))).toBeNull();
    expect(copyFallbackReason(new Error("pg_restore: error: could not connect to database"))).toBeNull();
    expect(copyFallbackReason(fail(1, "Fatal: some other failure"))).toBeNull();
  });
  it("needs every primary's failure to allow it", () => {
    const down = fail(1, "connection refused");
    expect(copyFallbackReasonOfAll([down])).toMatch(/unreachable/);
    expect(copyFallbackReasonOfAll([down, fail(12, "wrong password or no key found")])).toBeNull();
    expect(copyFallbackReasonOfAll([])).toBeNull();
  });
});
