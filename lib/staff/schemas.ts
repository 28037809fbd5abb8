import { z } from "zod";

/**
 * The console's sign-in forms: one schema each, shared by the react-hook-form resolver (browser)
 * and the core functions (lib/staff/sign-in.ts), so both say the same French messages.
 */
export const staffSignInRequestSchema = z.object({
  email: z
    .string("Indiquez votre adresse e-mail.")
    .trim()
    .min(1, "Indiquez votre adresse e-mail.")
    .max(320, "Adresse e-mail trop longue.")
    .pipe(z.email("Adresse e-mail invalide : vérifiez-la (ex. prenom.nom@entreprise.fr).")),
});

export const totpCodeSchema = z.object({
  code: z
    .string("Saisissez le code à 6 chiffres.")
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Le code compte 6 chiffres.")),
});
