import { z } from "zod";
import { parseEmail } from "@/lib/contact/email";
import { isMobile, toE164 } from "@/lib/contact/phone";

/**
 * Sign-in identities: one field takes an email or a phone number. Shared by the form (react-hook-
 * form resolver) and the server action, so both say the same thing. No server-only import.
 */
export type SignInIdentity = { channel: "email"; identity: string } | { channel: "sms"; identity: string };

/** Emails and phone numbers follow the one rule of lib/contact (normalisation, E.164, mobiles). */
export function parseSignInIdentity(raw: string): SignInIdentity | null {
  if (raw.includes("@")) {
    const email = parseEmail(raw);
    return email ? { channel: "email", identity: email } : null;
  }
  const phone = toE164(raw);
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
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Resolving dot segments can produce a network-path reference ("/.//evil.example/x" →
    // "//evil.example/x", which a browser follows to another host): check the result, not only the input.
    if (path.startsWith("//") || path.startsWith("/\\") || new URL(path, "http://portail.invalid").origin !== "http://portail.invalid") return "/";
    return path;
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
          if (!parseEmail(value)) ctx.addIssue({ code: "custom", message: identifierMessages.invalidEmail });
          return;
        }
        const phone = toE164(value);
        if (!phone) ctx.addIssue({ code: "custom", message: identifierMessages.invalidPhone });
        else if (!isMobile(phone)) ctx.addIssue({ code: "custom", message: identifierMessages.notMobile });
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
