/**
 * `npm run sandbox`: the local HubSpot sandbox as a standalone process.
 * Reads the portal's configuration (.env files + getEnv()), persists under DATA_DIR and sends
 * webhooks to the portal at `${SITE_URL}/api/webhooks/hubspot`.
 */
import nextEnv from "@next/env";
import { getEnv } from "@/lib/env";
import { createSandbox } from "@/sandbox/server";

async function main(): Promise<void> {
  nextEnv.loadEnvConfig(process.cwd());
  const env = getEnv();
  const secret = env.webhookSecret ?? "sandbox-webhook-secret";
  const sandbox = await createSandbox({
    port: env.HUBSPOT_SANDBOX_PORT,
    token: env.HUBSPOT_SANDBOX_TOKEN,
    dataDir: env.DATA_DIR,
    webhook: { url: `${env.SITE_URL.replace(/\/+$/, "")}/api/webhooks/hubspot`, secret, portalId: Number(env.HUBSPOT_PORTAL_ID), subscriptions: env.SANDBOX_WEBHOOKS },
    // The local SMTP server and fake Twilio API that capture the portal's emails and SMS.
    ...(env.mailCaptured || env.smsCaptured ? { captures: { smtpPort: env.SANDBOX_SMTP_PORT } } : {}),
  });
  console.log(`HubSpot sandbox ready at ${sandbox.url} (data in ${env.DATA_DIR}/sandbox, control API at ${sandbox.url}/_sandbox/health)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`HubSpot sandbox: ${signal}, saving state…`);
    sandbox
      .close()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        console.error("HubSpot sandbox: failed to save state", e);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e: unknown) => {
  console.error("HubSpot sandbox failed to start:", e);
  process.exit(1);
});
