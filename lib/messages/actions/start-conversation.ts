"use server";

import { customerAction } from "@/lib/auth/customer-action";
import { newConversationSchema } from "@/lib/messages/schemas";
import { startConversation } from "@/lib/messages/send-message";

/** A new conversation with the service desk (a ticket once the outbox has delivered it). */
export const startConversationAction = customerAction("messages.start", newConversationSchema, (input, { contactId }) => startConversation(contactId, input));
