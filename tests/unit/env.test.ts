import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("env", () => {
  it("defaults to the local sandbox when no HubSpot token is set", () => {
    const env = parseEnv({});
    expect(env.sandbox).toBe(true);
    expect(env.hubspotBasePath).toBe("http://127.0.0.1:4010");
    expect(env.webhookSecret).toBeDefined();
  });
  it("uses the real HubSpot with a token and requires nothing else", () => {
    const env = parseEnv({ HUBSPOT_ACCESS_TOKEN: "pat-eu1-x", HUBSPOT_CLIENT_SECRET: "s" });
    expect(env.sandbox).toBe(false);
    expect(env.hubspotToken).toBe("pat-eu1-x");
    expect(env.hubspotBasePath).toMatch(/^https:\/\//);
  });
  it("rejects malformed values with a readable message", () => {
    expect(() => parseEnv({ HUBSPOT_SANDBOX_PORT: "http" })).toThrow(/HUBSPOT_SANDBOX_PORT/);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
  });
});

describe("env: notifications and secrets", () => {
  it("captures emails and SMS locally and shows /dev/outbox on the demo sandbox", () => {
    const env = parseEnv({});
    expect(env.mailCaptured && env.smsCaptured && env.devOutbox).toBe(true);
    expect(env.smtpUrl).toBe("smtp://127.0.0.1:4025");
  });
  it("never exposes /dev/outbox with a real HubSpot account, and needs AUTH_SECRET in production", () => {
    const env = parseEnv({ NODE_ENV: "production", HUBSPOT_ACCESS_TOKEN: "pat", HUBSPOT_CLIENT_SECRET: "s" });
    expect(env.devOutbox).toBe(false);
    expect(env.authSecret).toBeUndefined();
  });
  it("rejects a malformed Twilio account SID", () => {
    expect(() => parseEnv({ TWILIO_ACCOUNT_SID: "nope" })).toThrow(/TWILIO_ACCOUNT_SID/);
  });
  it("real SMTP needs the company's sender: MAIL_FROM is required with SMTP_URL (captured mail uses the demo's)", () => {
    expect(() => parseEnv({ SMTP_URL: "smtp://user:pass@mail.example.fr:587" })).toThrow(/MAIL_FROM est obligatoire avec SMTP_URL/);
    expect(parseEnv({ SMTP_URL: "smtp://mail.example.fr", MAIL_FROM: "Élec Martin <contact@elec-martin.fr>" }).mailFrom).toBe("Élec Martin <contact@elec-martin.fr>");
    expect(parseEnv({}).mailFrom).toMatch(/démo/);
  });
});
