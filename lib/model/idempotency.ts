import { z } from "zod";

/**
 * The idempotency key of a creating form: a UUID minted when the form opens (components/ui
 * `useIdempotencyKey`), sent with every try of the same submission, renewed only once the server
 * has answered for it. A repeat with the same key returns the first result and creates nothing
 * (bookings: the reservation's unique key; messages and addresses: a row id derived from it,
 * lib/db/keyed-id.ts). Browser-safe: shared by the forms and the actions' zod schemas.
 */
export const idempotencyKeySchema = z.uuid("Requête invalide. Rechargez la page.");
