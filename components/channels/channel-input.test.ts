/* The Channels form's values → body mapping and the browser-side check with the shared schema. */
import { describe, expect, it } from "vitest";
import { channelBodyFromValues, checkChannelBody, valuesFromChannel } from "./channel-input";

describe("channel form input", () => {
  it("builds an e-mail body and reports wrong fields under their paths", () => {
    const body = channelBodyFromValues("email", {
      name: "Ops",
      "config.host": "smtp.example.com",
      "config.port": "99999",
      "config.from": "nope",
      "config.to": "a@example.com, b@example.com",
      "config.requireTls": "true",
      "secrets.password": "pw",
    });
    expect(body).toMatchObject({
      type: "email",
      config: { to: ["a@example.com", "b@example.com"], requireTls: true, secure: false },
      secrets: { password: "pw" },
    });
    expect(checkChannelBody(body)).toEqual({
      "config.port": "Ports are 1–65535",
      "config.from": "Enter an e-mail address such as ops@example.com",
    });
    expect(
      checkChannelBody({ ...body, config: { ...body.config, port: "587", from: "lb@example.com" } } as never),
    ).toBeNull();
  });

  it("leaves out empty optional fields and keeps the stored secrets' keys out of the values", () => {
    const body = channelBodyFromValues("telegram", { name: "T", "config.chatId": "-100123", "config.apiBaseUrl": "" });
    expect(body.config).toEqual({ chatId: "-100123" });
    expect(checkChannelBody(body)).toBeNull(); // the bot token is checked by the server (it may be stored)
    const v = valuesFromChannel({
      id: "x",
      name: "Mail",
      type: "email",
      config: { host: "h", port: 25, to: ["a@b.c"], secure: true },
      hasSecret: true,
      secretKeys: ["password"],
      projectIds: null,
      minSeverity: "critical",
      createdAt: "",
      updatedAt: "",
      problem: null,
      lastDeliveredAt: null,
    });
    expect(v).toMatchObject({
      "config.port": "25",
      "config.to": "a@b.c",
      "config.secure": "true",
      minSeverity: "critical",
    });
    expect(Object.keys(v).some((k) => k.startsWith("secrets."))).toBe(false);
  });
});
