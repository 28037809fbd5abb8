"use server";

import { customerAction } from "@/lib/auth/customer-action";
import { replySchema } from "@/lib/messages/schemas";
import { replyToConversation } from "@/lib/messages/send-message";

/** Reply in a conversation: committed locally with its outbox row, sent to HubSpot by the worker. */
export const replyAction = customerAction("messages.reply", replySchema, (input, { contactId }) => replyToConversation(contactId, input));
