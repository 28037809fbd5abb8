import { handleHubSpotWebhook } from "@/lib/hubspot/webhooks";

// HubSpot webhooks (v3-signed): verification, de-duplication and cache invalidation live in
// lib/hubspot/webhooks.ts; this file only routes.
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return handleHubSpotWebhook(request);
}
