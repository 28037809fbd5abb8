import { z } from "zod";

/** The delivery desk's forms: shared by the react-hook-form resolver and the core functions (delivery-desk.ts). */
export const retrySchema = z.object({ id: z.string().min(1, "Ligne inconnue.").max(64, "Ligne inconnue.") });
export const discardSchema = z.object({
  id: z.string().min(1, "Ligne inconnue.").max(64, "Ligne inconnue."),
  reason: z.string("Indiquez le motif.").trim().min(3, "Indiquez le motif (3 caractères au moins).").max(500, "Motif trop long : 500 caractères au plus."),
});
