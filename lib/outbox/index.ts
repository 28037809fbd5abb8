import "server-only";
/** The outbox's public surface. */
export { enqueueNotification, enqueueHubSpotWrite, wakeOutbox } from "./enqueue";
export { enqueueCustomerNotice, type CustomerNotice, type ChannelMessage, type NoticeOutcome } from "./customer-notice";
export { registerHubSpotWrite, type HubSpotWriteHandler, type HubSpotWriteContext } from "./handlers";
export { listOutbox, countOutbox, retryDead, type OutboxSummary, type OutboxStatus } from "./admin";
export { deliveriesOf, type Delivery, type DeliveryState } from "./delivery";
