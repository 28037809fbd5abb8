import { z } from "zod";

/**
 * The fields of a postal address (street line, postcode, town), one rule for every form that takes
 * one: the account's address book and the booking flow. Pure (the browser imports it).
 */
export const postalAddressMessages = {
  line: "Indiquez le numéro et la rue (200 caractères au plus).",
  zip: "Le code postal comporte 5 chiffres (exemple : 75011).",
  city: "Indiquez la ville (100 caractères au plus).",
} as const;

/** Text without control characters or angle brackets (names and addresses end up in emails and PDFs). */
export const plainText = (max: number, message: string, min = 1) =>
  z
    .string({ error: message })
    .transform((v) => v.normalize("NFC").replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .min(min, message)
        .max(max, message)
        .refine((v) => !/[\u0000-\u001f\u007f<>]/.test(v), message),
    );

export const postalAddressFields = {
  line: plainText(200, postalAddressMessages.line),
  zip: z
    .string({ error: postalAddressMessages.zip })
    .transform((v) => v.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{5}$/, postalAddressMessages.zip)),
  city: plainText(100, postalAddressMessages.city),
};

export const postalAddressSchema = z.object(postalAddressFields);
export type PostalAddress = z.output<typeof postalAddressSchema>;
