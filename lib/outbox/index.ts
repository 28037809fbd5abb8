import "server-only";
/** The outbox's public surface. */
export { enqueueNotification, enqueueHubSpotWrite, wakeOutbox } from "./enqueue";
export { registerHubSpotWrite, type HubSpotWriteHandler, type HubSpotWriteContext } from "./handlers";
export { listOutbox, countOutbox, retryDead, type OutboxSummary, type OutboxStatus } from "./admin";
