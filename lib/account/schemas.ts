import { z } from "zod";
import { normalizeEmail } from "@/lib/contact/email";
import { isMobile, toE164 } from "@/lib/contact/phone";
import { idempotencyKeySchema } from "@/lib/model/idempotency";
import { plainText, postalAddressFields, postalAddressMessages } from "@/lib/contact/postal-address";

/**
 * The account forms' schemas, shared by the react-hook-form resolvers (browser) and the server
 * actions: both say the same thing in French. No server-only import here.
 */

export const accountMessages = {
  firstName: "Indiquez votre prénom (100 caractères au plus).",
  lastName: "Indiquez votre nom (100 caractères au plus).",
  email: "Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).",
  phone: "Ce numéro n'est pas valide (exemple : 06 12 34 56 78 ou +32 470 12 34 56).",
  mobile: "Ce numéro ne peut pas recevoir le code par SMS : indiquez un numéro de mobile (06 ou 07).",
  mobileAlreadyYours: "Ce numéro est déjà enregistré sur votre compte.",
  ...postalAddressMessages,
  label: "Le nom de l'adresse fait 60 caractères au plus.",
  code: "Le code comporte 6 chiffres.",
} as const;

export const contactDetailsSchema = z.object({
  firstName: plainText(100, accountMessages.firstName),
  lastName: plainText(100, accountMessages.lastName),
  email: z
    .string({ error: accountMessages.email })
    .transform(normalizeEmail)
    .pipe(z.email(accountMessages.email).max(254, accountMessages.email)),
  phone: z
    .string({ error: accountMessages.phone })
    // Phone numbers and emails follow the one rule of lib/contact.
    .refine((v) => v.trim() === "" || toE164(v) !== null, accountMessages.phone)
    .transform((v) => (v.trim() === "" ? "" : (toE164(v) ?? ""))),
});
export type ContactDetailsInput = z.input<typeof contactDetailsSchema>;

/** A mobile number for SMS, added on its own (the booking flow): a number, then one an SMS can reach. */
export const mobileNumberSchema = z.object({
  phone: z
    .string({ error: accountMessages.phone })
    .refine((v) => toE164(v) !== null, { message: accountMessages.phone, abort: true })
    .refine((v) => isMobile(v), accountMessages.mobile)
    .transform((v) => toE164(v) ?? ""),
});
export type MobileNumberInput = z.input<typeof mobileNumberSchema>;
export type ContactDetails = z.output<typeof contactDetailsSchema>;

export const codeSchema = z.object({
  verificationId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Demande inconnue ou expirée."),
  code: z
    .string({ error: accountMessages.code })
    .transform((v) => v.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, accountMessages.code)),
});
export type CodeInput = z.input<typeof codeSchema>;
/** Where a verification's code message stands (the id of one of the caller's verifications). */
export const codeDeliverySchema = codeSchema.pick({ verificationId: true });

export const addressSchema = z.object({
  label: plainText(60, accountMessages.label, 0).optional(),
  // The street, postcode and town follow lib/contact's one rule (the booking flow's too).
  ...postalAddressFields,
  isDefault: z.boolean().optional(),
});
export type AddressInput = z.input<typeof addressSchema>;
/** Adding an address: the form's key makes a retry after a lost reply add it once. */
export const newAddressSchema = addressSchema.extend({ idempotencyKey: idempotencyKeySchema });

export const addressIdSchema = z.object({ id: z.string().uuid("Adresse inconnue.") });
export const updateAddressSchema = addressSchema.extend({ id: z.string().uuid("Adresse inconnue.") });

export const preferencesSchema = z.object({
  reminderEmail: z.boolean(),
  reminderSms: z.boolean(),
  trackingEmail: z.boolean(),
  trackingSms: z.boolean(),
  surveyEmail: z.boolean(),
  surveySms: z.boolean(),
  marketingConsent: z.boolean(),
});
export type PreferencesInput = z.input<typeof preferencesSchema>;
export type { NotificationPreferences } from "@/lib/notifications/categories";

export const languageSchema = z.object({ language: z.enum(["fr", "en"], { error: "Langue inconnue." }) });

export const erasureRequestSchema = z.object({ channel: z.enum(["email", "sms"], { error: "Choisissez comment recevoir le code." }) });

export const exportIdSchema = z.object({ id: z.string().uuid("Export inconnu.") });
