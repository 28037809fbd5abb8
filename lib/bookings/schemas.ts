import { z } from "zod";
import { idempotencyKeySchema } from "@/lib/model/idempotency";
import { postalAddressSchema, type PostalAddress } from "@/lib/contact/postal-address";
import { serviceIdSchema } from "./catalogue";
import { formatAddress } from "@/lib/contact/address-match";
import { ADDRESS_MESSAGES, mentionsAbroad, splitOneLineAddress } from "@/lib/geo/address-format";

export { idempotencyKeySchema };

/**
 * The booking forms' schemas, shared by react-hook-form (browser) and the server actions
 * (`actions/bookings.ts`, `actions/manage-by-link.ts`). No server-only import here.
 */
export const addressSchema = z
  .string({ error: "Indiquez l'adresse de l'intervention." })
  .trim()
  .min(8, "Indiquez l'adresse complète (numéro, rue, code postal et ville).")
  .max(300, "L'adresse est trop longue (300 caractères au plus).")
  .refine((a) => /\b\d{5}\b/.test(a), "Indiquez le code postal (5 chiffres).");
/**
 * An address typed in the booking flow on one line (a customer with none on file, or another one):
 * "12 rue Royale, 69001 Lyon" becomes its street, postcode and town (lib/contact's rules), in France.
 * Whether the postcode is its town's and the town in the service area is the server's check
 * (lib/bookings/place-address.ts: France's 35,000 communes stay out of the browser); its refusal is
 * one French sentence on this field too (`fieldErrors.typedAddress`).
 */
const typedAddressText = z.string({ error: "Indiquez l'adresse de l'intervention." }).transform((text, ctx): PostalAddress => {
  const refuse = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  if (mentionsAbroad(text)) return refuse(ADDRESS_MESSAGES.abroad);
  const parts = splitOneLineAddress(text);
  if (!parts) return refuse(ADDRESS_MESSAGES.format);
  const parsed = postalAddressSchema.safeParse(parts);
  return parsed.success ? parsed.data : refuse(parsed.error.issues[0]!.message);
});
/** The same, also from its own parsed form (a server action's parsed input reaches the core function, which parses again). */
export const typedAddressSchema = z.preprocess((v) => (v && typeof v === "object" && "line" in v ? formatAddress(v as PostalAddress) : v), typedAddressText);

export const noteSchema = z.string().trim().max(1000, "La note est trop longue (1 000 caractères au plus).").optional();
export const bookingIdSchema = z.uuid("Rendez-vous introuvable.");
export const technicianIdSchema = z.string().regex(/^\d{1,20}$/, "Technicien inconnu.");
export const startSchema = z.iso.datetime({ offset: true, error: "Choisissez un créneau." });
/** Photos of the problem, uploaded beforehand (app/api/rendez-vous/photos). */
export const BOOKING_UPLOAD_PURPOSE = "booking";
export const MAX_BOOKING_PHOTOS = 5;
export const uploadIdsSchema = z.array(z.uuid("Photo invalide.")).max(MAX_BOOKING_PHOTOS, `Vous pouvez joindre ${MAX_BOOKING_PHOTOS} photos au maximum.`).default([]);

export const bookAppointmentInput = z.object({
  service: serviceIdSchema,
  start: startSchema,
  technicianId: technicianIdSchema,
  /** A saved address, one line; or, for an address typed in the flow, `typedAddress`. */
  address: addressSchema.optional(),
  /** Typed in the flow: checked, booked, and saved to the customer's address book with the booking's key. */
  typedAddress: typedAddressSchema.optional(),
  note: noteSchema,
  uploadIds: uploadIdsSchema,
  idempotencyKey: idempotencyKeySchema,
});
export type BookAppointmentInput = z.input<typeof bookAppointmentInput>;

export const rescheduleBookingInput = z.object({
  bookingId: bookingIdSchema,
  start: startSchema,
  technicianId: technicianIdSchema,
  idempotencyKey: idempotencyKeySchema,
});
export type RescheduleBookingInput = z.input<typeof rescheduleBookingInput>;
