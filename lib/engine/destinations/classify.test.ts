/* Classification of restic 0.14 / ssh output, using text captured from real runs on this machine. */
import { describe, expect, it } from "vitest";
import { classifyResticStderr, resticDetail } from "./classify";

const repoHint = (url: string) => `Is there a repository at the following location?\n${url}\n`;

describe("classifyResticStderr", () => {
  it.each([
    ["wrong_password", "Fatal: wrong password or no key found\n"],
    [
      "bucket_missing",
      "Fatal: unable to open config file: Stat: The specified bucket does not exist\n" +
        repoHint("s3:https://127.0.0.1:42369/nobucket"),
    ],
    [
      "tls",
      'Fatal: unable to open config file: Stat: Get "https://127.0.0.1:42369/one/?location=": x509: certificate signed by unknown authority\n' +
        repoHint("s3:https://127.0.0.1:42369/one"),
    ],
    [
      "auth",
      "Fatal: unable to open config file: Stat: The AWS Access Key Id you provided does not exist in our records.\n" +
        repoHint("s3:https://127.0.0.1:42369/one"),
    ],
    [
      "auth",
      "Fatal: unable to open config file: Stat: The request signature we calculated does not match the signature you provided.\n",
    ],
    ["auth", "Fatal: unable to open config file: Stat: Access Denied\n"],
    [
      "unreachable",
      'Fatal: unable to open config file: Stat: Get "https://127.0.0.1:1/one/?location=": dial tcp 127.0.0.1:1: connect: connection refused\n' +
        repoHint("s3:https://127.0.0.1:1/one"),
    ],
    [
      "dns",
      'Fatal: unable to open config file: Stat: Get "https://nonexistent.invalid/one/?location=": dial tcp: lookup nonexistent.invalid on 10.255.255.53:53: no such host\n' +
        repoHint("s3:https://nonexistent.invalid/one"),
    ],
    [
      "no_config",
      "Fatal: unable to open config file: Stat: The specified key does not exist.\n" +
        repoHint("s3:https://127.0.0.1:42369/one"),
    ],
    [
      "no_config",
      "Fatal: unable to open config file: Lstat: file does not exist\n" + repoHint("sftp:root@127.0.0.1:/srv/repo"),
    ],
    [
      "no_config",
      "Fatal: unable to open config file: stat /tmp/x/config: no such file or directory\n" + repoHint("/tmp/x"),
    ],
    [
      "no_config",
      "Fatal: unable to open config file: <config/> does not exist\n" +
        repoHint("rest:http://u:***@127.0.0.1:43151/repo/"),
    ],
    [
      "auth",
      "Fatal: unable to open config file: unexpected HTTP response (401): 401 Unauthorized\n" +
        repoHint("rest:http://127.0.0.1:43151/repo/"),
    ],
    [
      "tls",
      'Fatal: unable to open config file: client.Head: Head "https://u:***@127.0.0.1:43151/repo/config": http: server gave HTTP response to HTTPS client\n',
    ],
    [
      "auth",
      "subprocess ssh: root@127.0.0.1: Permission denied (publickey).\nFatal: unable to open repository at sftp:root@127.0.0.1:/srv/repo: unable to start the sftp session, error: EOF\n",
    ],
    [
      "unreachable",
      "subprocess ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused\nFatal: unable to open repository at sftp:root@127.0.0.1:/r: unable to start the sftp session, error: EOF\n",
    ],
    [
      "dns",
      "subprocess ssh: ssh: Could not resolve hostname nohost.invalid: Name or service not known\nFatal: unable to open repository at sftp:root@nohost.invalid:/r: unable to start the sftp session, error: EOF\n",
    ],
    [
      "tls",
      "subprocess ssh: @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nsubprocess ssh: @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n" +
        "subprocess ssh: Host key for [127.0.0.1]:45569 has changed and you have requested strict checking.\nsubprocess ssh: Host key verification failed.\n" +
        "Fatal: unable to open repository at sftp:root@127.0.0.1:/r: unable to start the sftp session, error: EOF\n",
    ],
    ["unknown", "Fatal: something nobody has seen before\n"],
  ])("%s ← %j", (kind, stderr) => {
    expect(classifyResticStderr(stderr).kind).toBe(kind);
  });

  it("recognises a bucket in another region (AWS's own answer)", () => {
    const o = classifyResticStderr(
      "Fatal: unable to open config file: Stat: The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'\n",
    );
    expect(o).toMatchObject({ kind: "auth", region: "eu-central-1" });
  });

  it("tells a changed SSH host key and plain HTTP apart from a certificate problem", () => {
    expect(classifyResticStderr("subprocess ssh: Host key verification failed.\n")).toMatchObject({
      kind: "tls",
      tlsKind: "host_key",
    });
    expect(classifyResticStderr("http: server gave HTTP response to HTTPS client")).toMatchObject({
      tlsKind: "plain_http",
    });
    expect(classifyResticStderr("x509: certificate has expired or is not yet valid")).toMatchObject({
      tlsKind: "certificate",
    });
  });
});

describe("resticDetail", () => {
  it("keeps the Fatal reason and drops restic's hint lines", () => {
    expect(resticDetail("Fatal: unable to open config file: Stat: Access Denied\n" + repoHint("s3:https://h/b"))).toBe(
      "unable to open config file: Stat: Access Denied",
    );
  });
});
