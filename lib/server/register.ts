import "server-only";
import { registerAccountHandlers } from "@/lib/account/outbox-handlers";
import { registerDocumentHandlers } from "@/lib/documents/sync-quote-decisions";
import { registerBookingHandlers } from "@/lib/bookings/sync-booking";
import { asOutboxWrite } from "@/lib/hubspot/call";
import { setHubSpotWriteAround } from "@/lib/outbox/handlers";
import { installLiveBridge } from "@/lib/server/live-bridge";
import { registerMessageHandlers } from "@/lib/messages/deliver-message";
import { registerSurveyHandlers } from "@/lib/surveys/deliver-survey";

/**
 * Registers every domain's outbox HubSpot-write handlers (and the webhook → live bridge) in this
 * process. Imported by instrumentation-node.ts before the worker starts, and by the routes that
 * enqueue or receive webhooks (idempotent), so a row never waits for a page to load its handler.
 */
export function registerDomainHandlers(): void {
  setHubSpotWriteAround(asOutboxWrite);
  registerMessageHandlers();
  registerSurveyHandlers();
  registerAccountHandlers();
  registerDocumentHandlers();
  registerBookingHandlers();
  installLiveBridge();
}
registerDomainHandlers();
