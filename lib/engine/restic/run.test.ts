/* Unit tests for the text helpers of the restic runner: stderr tail and secret redaction. */
import { describe, expect, it } from "vitest";
import { displayUrl, redactSecrets, tailText } from "./run";

describe("redactSecrets", () => {
  it("removes URL credentials, the repository password and provider secrets from restic's text", () => {
    const repo = {
      url: "rest:https://lifeboat:rest-pass-123@backup.example:8000/repo",
      password: "repo-pass-456",
      env: { AWS_SECRET_ACCESS_KEY: "aws-secret-789", AWS_ACCESS_KEY_ID: "AKIAVISIBLE" },
    };
    const text =
      'Fatal: unable to open config file: Head "https://lifeboat:rest-pass-123@backup.example:8000/repo/config"\n' +
      "echo repo-pass-456 | aws-secret-789 (key AKIAVISIBLE)\n";
    const out = redactSecrets(text, [repo]);
    for (const s of ["rest-pass-123", "repo-pass-456", "aws-secret-789"]) expect(out).not.toContain(s);
    expect(out).toContain("lifeboat:***@backup.example");
    expect(out).toContain("AKIAVISIBLE");
  });

  it("masks credentials in displayed URLs", () => {
    expect(displayUrl("rest:https://u:p@h/r")).toBe("rest:https://u:***@h/r");
    expect(displayUrl("s3:https://s3.example.com/bucket")).toBe("s3:https://s3.example.com/bucket");
  });
});

describe("tailText", () => {
  it("keeps the last ~1 KB, starting at a line when possible", () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i}`).join("\n");
    const t = tailText(long, 100);
    expect(t.length).toBeLessThanOrEqual(100);
    expect(t.endsWith("line 199")).toBe(true);
    expect(t.startsWith("line ")).toBe(true);
    expect(tailText("short")).toBe("short");
  });
});
