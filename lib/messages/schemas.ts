import { z } from "zod";
import { idempotencyKeySchema } from "@/lib/model/idempotency";
import { MAX_ATTACHMENTS, MAX_BODY, REQUEST_KIND_VALUES } from "./limits";

export { MAX_ATTACHMENTS, MAX_BODY, REQUEST_KIND_VALUES, pendingMessageId } from "./limits";

/**
 * The message forms' schemas, shared by react-hook-form (browser) and the server actions.
 * Attachments are uploaded first (POST /api/messages/uploads) and referenced by id here.
 */
const uploadIds = z
  .array(z.uuid({ message: "Pièce jointe invalide." }))
  .max(MAX_ATTACHMENTS, { message: `${MAX_ATTACHMENTS} pièces jointes au maximum.` })
  .default([]);

const body = z
  .string()
  .trim()
  .min(1, { message: "Écrivez votre message." })
  .max(MAX_BODY, { message: `Votre message est trop long (${MAX_BODY} caractères au maximum).` });

export const newConversationSchema = z.object({
  kind: z.enum(REQUEST_KIND_VALUES, { message: "Choisissez le type de votre demande." }),
  subject: z
    .string()
    .trim()
    .min(3, { message: "Donnez un titre à votre demande (3 caractères au moins)." })
    .max(120, { message: "Le titre est trop long (120 caractères au maximum)." }),
  body,
  uploadIds,
  /** Minted when the form opens: a retry after a lost reply sends the same message once. */
  idempotencyKey: idempotencyKeySchema,
});
export type NewConversationInput = z.input<typeof newConversationSchema>;

export const replySchema = z.object({
  conversationId: z.string().regex(/^\d{1,20}$/, { message: "Conversation introuvable." }),
  body,
  uploadIds,
  idempotencyKey: idempotencyKeySchema,
});
export type ReplyInput = z.input<typeof replySchema>;
