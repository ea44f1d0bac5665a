/* The destination form's value mapping: per-type config keys, pathStyle as a boolean, secrets only when
 * typed, isDefault only when ticked. */
import { describe, expect, it } from "vitest";
import { destinationBodyFromValues, valuesFromDestination } from "./destination-input";

describe("destinationBodyFromValues", () => {
  it("builds an S3 body with the endpoint apart from the bucket", () => {
    const body = destinationBodyFromValues("s3", {
      name: "offsite",
      "config.endpoint": "s3.eu-central-1.amazonaws.com",
      "config.bucket": "lifeboat-acme",
      "config.prefix": "",
      "config.pathStyle": "true",
      "config.path": "/left/over",
      "secrets.accessKeyId": " AKIA ",
      "secrets.secretAccessKey": "s3cr3t ",
      isDefault: "true",
    });
    expect(body).toEqual({
      name: "offsite",
      type: "s3",
      config: { endpoint: "s3.eu-central-1.amazonaws.com", bucket: "lifeboat-acme", pathStyle: true },
      secrets: { accessKeyId: "AKIA", secretAccessKey: "s3cr3t " },
      isDefault: true,
    });
  });

  it("leaves secrets out when none were typed, and keeps stored config on edit", () => {
    const values = valuesFromDestination({
      name: "rest",
      config: { url: "https://r.example/", caCertPath: "/etc/ca.pem" },
    });
    const body = destinationBodyFromValues("rest", values);
    expect(body.secrets).toBeUndefined();
    expect(body.isDefault).toBeUndefined();
    expect(body.config).toEqual({ url: "https://r.example/", caCertPath: "/etc/ca.pem" });
  });

  it("reads booleans back as checkbox values", () => {
    expect(valuesFromDestination({ name: "x", config: { pathStyle: true } })["config.pathStyle"]).toBe("true");
    expect(valuesFromDestination({ name: "x", config: { pathStyle: false } })["config.pathStyle"]).toBe("");
  });
});
