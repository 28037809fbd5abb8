import { z } from "zod";
import { idempotencyKeySchema } from "@/lib/model/idempotency";
import { interventionTypeSchema } from "./catalogue";

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
export const noteSchema = z.string().trim().max(1000, "La note est trop longue (1 000 caractères au plus).").optional();
export const bookingIdSchema = z.uuid("Rendez-vous introuvable.");
export const technicianIdSchema = z.string().regex(/^\d{1,20}$/, "Technicien inconnu.");
export const startSchema = z.iso.datetime({ offset: true, error: "Choisissez un créneau." });
/** Photos of the problem, uploaded beforehand (app/api/rendez-vous/photos). */
export const BOOKING_UPLOAD_PURPOSE = "booking";
export const MAX_BOOKING_PHOTOS = 5;
export const uploadIdsSchema = z.array(z.uuid("Photo invalide.")).max(MAX_BOOKING_PHOTOS, `Vous pouvez joindre ${MAX_BOOKING_PHOTOS} photos au maximum.`).default([]);

export const bookAppointmentInput = z.object({
  service: interventionTypeSchema,
  start: startSchema,
  technicianId: technicianIdSchema,
  address: addressSchema,
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
