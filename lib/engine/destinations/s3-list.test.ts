/* Signature V4 against AWS's published example ("GET Bucket (List Objects)", examplebucket,
 * max-keys=2&prefix=J, 2013-05-24), and the addressing rules of the listing request. */
import { describe, expect, it } from "vitest";
import { signedListRequest, signS3Get } from "./s3-list";

describe("signS3Get", () => {
  it("matches AWS's documented signature for GET /?max-keys=2&prefix=J", () => {
    const { headers, canonicalQuery } = signS3Get({
      host: "examplebucket.s3.amazonaws.com",
      path: "/",
      query: [
        ["prefix", "J"],
        ["max-keys", "2"],
      ],
      region: "us-east-1",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      now: new Date("2013-05-24T00:00:00Z"),
    });
    expect(canonicalQuery).toBe("max-keys=2&prefix=J");
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date, " +
        "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
    );
  });
});

describe("signedListRequest", () => {
  const base = {
    scheme: "https" as const,
    bucket: "my-bucket",
    accessKeyId: "A",
    secretAccessKey: "S",
    now: new Date("2026-01-01T00:00:00Z"),
  };
  it("virtual-host style for AWS, path style elsewhere or when asked", () => {
    expect(signedListRequest({ ...base, host: "s3.eu-west-1.amazonaws.com", prefix: "prod" }).url).toBe(
      "https://my-bucket.s3.eu-west-1.amazonaws.com/?list-type=2&max-keys=1&prefix=prod%2F",
    );
    expect(signedListRequest({ ...base, host: "s3.amazonaws.com", pathStyle: true }).url).toBe(
      "https://s3.amazonaws.com/my-bucket/?list-type=2&max-keys=1&prefix=",
    );
    expect(signedListRequest({ ...base, host: "127.0.0.1:9000" }).url).toBe(
      "https://127.0.0.1:9000/my-bucket/?list-type=2&max-keys=1&prefix=",
    );
  });
});
