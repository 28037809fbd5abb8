/**
 * What the message forms need in the browser before their schemas load (lib/messages/schemas.ts,
 * loaded on first use: zod stays off the pages' first load). No zod here.
 */
export const MAX_ATTACHMENTS = 4;
export const MAX_BODY = 4000;
export const REQUEST_KIND_VALUES = ["quote_request", "after_sales", "special_slot"] as const;

/** The id under which the thread lists a message the portal accepted and HubSpot does not show yet. */
export function pendingMessageId(messageId: string): string {
  return `local-${messageId}`;
}
