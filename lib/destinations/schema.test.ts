/* The destination schemas are the engine's with the domain's rules on top: the same messages reach the
 * form (in the browser) and the API, an empty PEM field means "none", a folder takes no secrets, and a
 * URL with credentials in it is refused with a message that says where they go. */
import { describe, expect, it } from "vitest";
import { ZS3Config as ZEngineS3Config } from "@/lib/engine/destinations/config";
import { zodFields } from "@/lib/http/zod-fields";
import { ZDestinationInput, ZUpdateDestination } from "./schema";

const fields = (body: unknown) => {
  const r = ZDestinationInput.safeParse(body);
  return r.success ? {} : zodFields(r.error);
};

describe("ZDestinationInput", () => {
  it("names each wrong field with the form's message", () => {
    expect(
      fields({ name: "", type: "s3", config: { endpoint: "", bucket: "No_Such" }, secrets: { accessKeyId: "" } }),
    ).toEqual({
      name: "Enter a name",
      "config.endpoint": "Enter the endpoint, e.g. s3.eu-central-1.amazonaws.com",
      "config.bucket": "Bucket names are 3–63 characters: lowercase letters, digits, dots and hyphens",
      "secrets.accessKeyId": "Enter the access key ID",
      "secrets.secretAccessKey": "Enter the secret access key",
    });
    expect(fields({ name: "r", type: "rest", config: { url: "https://me:pw@backup.example.com/r" } })).toEqual({
      "config.url": "Put the user name and password in their own fields, not in the URL",
    });
    expect(fields({ name: "l", type: "local", config: { path: "/x" }, secrets: { password: "p" } })).toEqual({
      secrets: "A local destination takes no secrets except the repository password",
    });
  });
  it("takes an empty PEM field as none, where the engine's schema refuses it", () => {
    const s3 = {
      name: "minio",
      type: "s3",
      config: { endpoint: "https://minio.lan:9000", bucket: "lifeboat", caCert: "", pathStyle: true, prefix: "/a/" },
      secrets: { accessKeyId: "k", secretAccessKey: "s" },
    };
    const r = ZDestinationInput.parse(s3);
    expect(r.config).toEqual({ endpoint: "https://minio.lan:9000", bucket: "lifeboat", pathStyle: true, prefix: "a" });
    expect(ZEngineS3Config.safeParse(s3.config).success).toBe(false);
  });
  it("lets an update carry any config (checked against the stored type's schema by the service)", () => {
    expect(ZUpdateDestination.parse({ config: { path: "/srv" } })).toEqual({ config: { path: "/srv" } });
  });
});
