import "server-only";
import { getEnv } from "@/lib/env";
import { createEmailTransport, type EmailTransport } from "@/lib/notifications/email";
import { createSmsTransport, type SmsTransport } from "@/lib/notifications/sms";

export interface Transports {
  email: EmailTransport;
  sms: SmsTransport;
}

/** The sandbox's fake Twilio accepts any AC… sid whose password is the sandbox token. */
export const SANDBOX_TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000000";

/**
 * Providers from the configuration: SMTP_URL or the sandbox's SMTP capture; Twilio credentials or
 * the sandbox's fake Twilio (under the sandbox's base URL, /_twilio).
 */
export function transportsFromEnv(): Transports {
  const env = getEnv();
  const email = createEmailTransport({ smtpUrl: env.smtpUrl, from: env.mailFrom });
  let sms: SmsTransport;
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN) {
    sms = createSmsTransport({ accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, from: env.TWILIO_FROM });
  } else if (env.sandbox) {
    sms = createSmsTransport({
      accountSid: SANDBOX_TWILIO_ACCOUNT_SID,
      authToken: env.HUBSPOT_SANDBOX_TOKEN,
      from: env.TWILIO_FROM,
      baseUrl: `${env.hubspotBasePath.replace(/\/+$/, "")}/_twilio`,
    });
  } else {
    // Real HubSpot without Twilio: SMS wait in the outbox (and show up as errors) until configured.
    const fail = async (): Promise<never> => {
      throw new Error("Twilio is not configured (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN)");
    };
    sms = { send: fail, findRecentDuplicate: fail };
  }
  return { email, sms };
}
