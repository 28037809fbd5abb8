import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";

/**
 * Sign-in identities: one field takes an email or a phone number. Shared by the form (react-hook-
 * form resolver) and the server action, so both say the same thing. No server-only import.
 */
export type SignInIdentity = { channel: "email"; identity: string } | { channel: "sms"; identity: string };

const emailShape = z.email();

export function normalizeSignInEmail(raw: string): string | null {
  // NFKC first: full-width and compatibility characters must not make two spellings of one address.
  const email = raw.normalize("NFKC").trim().toLowerCase();
  if (email.length > 254 || !emailShape.safeParse(email).success) return null;
  return email;
}

/** E.164 for a phone typed the French way (`06 12 34 56 78`, `+33 6…`, `0033 6…`) or international. */
export function normalizeSignInPhone(raw: string): string | null {
  const cleaned = raw.normalize("NFKC").trim().replace(/^00/, "+");
  if (!/^\+?[\d\s.\-()]{6,25}$/.test(cleaned)) return null;
  const phone = parsePhoneNumberFromString(cleaned, "FR");
  if (!phone || !phone.isValid()) return null;
  return phone.number;
}

/** French numbers that cannot receive an SMS (landlines 01–05, 08, 09). */
export function isFrenchNonMobile(e164: string): boolean {
  return /^\+33[1-589]/.test(e164);
}

export function parseSignInIdentity(raw: string): SignInIdentity | null {
  if (raw.includes("@")) {
    const email = normalizeSignInEmail(raw);
    return email ? { channel: "email", identity: email } : null;
  }
  const phone = normalizeSignInPhone(raw);
  return phone ? { channel: "sms", identity: phone } : null;
}

/**
 * `retour` after sign-in: only a path on this site. A single leading "/" (not "//" nor "/\", which
 * browsers treat as another host), no scheme, no control characters; anything else means "/".
 */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 512) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  try {
    const url = new URL(raw, "http://portail.invalid");
    if (url.origin !== "http://portail.invalid") return "/";
    // Never come back to the sign-in pages themselves.
    if (url.pathname === "/connexion" || url.pathname.startsWith("/connexion/")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

export const identifierMessages = {
  required: "Indiquez votre adresse e-mail ou votre numéro de mobile.",
  invalidEmail: "Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).",
  invalidPhone: "Ce numéro n'est pas valide (exemple : 06 12 34 56 78).",
  notMobile: "Ce numéro ne peut pas recevoir de SMS : indiquez un numéro de mobile (06 ou 07) ou votre adresse e-mail.",
} as const;

/** The sign-in form: shared by the page's resolver and requestSignIn. */
export const signInRequestSchema = z.object(
  {
    identifiant: z
      .string({ error: identifierMessages.required })
      .trim()
      .min(1, identifierMessages.required)
      .max(320, identifierMessages.invalidEmail)
      .superRefine((value, ctx) => {
        if (value.length === 0) return;
        if (value.includes("@")) {
          if (!normalizeSignInEmail(value)) ctx.addIssue({ code: "custom", message: identifierMessages.invalidEmail });
          return;
        }
        const phone = normalizeSignInPhone(value);
        if (!phone) ctx.addIssue({ code: "custom", message: identifierMessages.invalidPhone });
        else if (isFrenchNonMobile(phone)) ctx.addIssue({ code: "custom", message: identifierMessages.notMobile });
      }),
    retour: z.string().max(512).optional(),
  },
  { error: identifierMessages.required },
);
export type SignInRequestInput = z.input<typeof signInRequestSchema>;

export const smsCodeSchema = z.object({
  code: z
    .string({ error: "Saisissez le code à 6 chiffres reçu par SMS." })
    .transform((v) => v.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Le code comporte 6 chiffres.")),
});
export type SmsCodeInput = z.input<typeof smsCodeSchema>;

/** Attempt ids and link tokens are base64url. */
export const attemptIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
