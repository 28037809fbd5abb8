import { z } from "zod";

/**
 * What the signing form sends: explicit consent, the signer's name, and a signature either drawn
 * (signature_pad's PNG data URL) or typed (the accessible alternative). One schema for the form
 * (react-hook-form) and the action.
 */
export const MAX_DRAWING_CHARS = 400_000;

export const signingRequestSchema = z
  .object({
    quoteId: z.string().regex(/^\d{1,20}$/, "Devis inconnu."),
    consent: z.literal(true, { error: "Cochez la case « Bon pour accord » pour signer." }),
    signerName: z.string().trim().min(2, "Indiquez vos prénom et nom.").max(100, "100 caractères au plus."),
    mode: z.enum(["drawn", "typed"], { error: "Choisissez de dessiner ou de saisir votre signature." }),
    drawing: z.string().max(MAX_DRAWING_CHARS, "Signature trop volumineuse.").optional(),
    typedName: z.string().trim().max(100, "100 caractères au plus.").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.mode === "drawn" && !v.drawing?.startsWith("data:image/png;base64,")) {
      ctx.addIssue({ code: "custom", path: ["drawing"], message: "Dessinez votre signature dans le cadre, ou choisissez de la saisir." });
    }
    if (v.mode === "typed" && (!v.typedName || v.typedName.length < 2)) {
      ctx.addIssue({ code: "custom", path: ["typedName"], message: "Saisissez votre nom pour signer." });
    }
  });
export type SigningRequest = z.output<typeof signingRequestSchema>;

export const confirmSignatureSchema = z.object({
  quoteId: z.string().regex(/^\d{1,20}$/, "Devis inconnu."),
  code: z.string().trim().regex(/^\d{6}$/, "Le code comporte 6 chiffres."),
});

export const refuseQuoteSchema = z.object({
  quoteId: z.string().regex(/^\d{1,20}$/, "Devis inconnu."),
  reason: z.string().trim().min(3, "Indiquez la raison de votre refus (3 caractères au moins).").max(1000, "1 000 caractères au plus."),
});
