import { z } from "zod";

/** The survey form, shared by the browser (react-hook-form) and the server action. */
// A question left blank arrives as null (an unchecked radio group) or "": never a 0 (Number(null) is 0, and a
// blank NPS would have counted as a detractor's 0).
const score = (max: number, message: string) =>
  z.preprocess((v) => (v === null || v === "" ? undefined : v), z.coerce.number({ message }).int({ message }).min(max === 10 ? 0 : 1, { message }).max(max, { message }));

export const surveyAnswersSchema = z.object({
  overall: score(5, "Choisissez une note de 1 à 5 pour votre satisfaction globale."),
  technician: score(5, "Choisissez une note de 1 à 5 pour le technicien."),
  punctual: z.enum(["yes", "no"], { message: "Dites-nous si le technicien était ponctuel." }),
  nps: score(10, "Choisissez une note de 0 à 10."),
  comment: z.string().trim().max(2000, { message: "Votre commentaire est trop long (2 000 caractères au maximum)." }).default(""),
});
export type SurveyAnswersInput = z.input<typeof surveyAnswersSchema>;
export type SurveyAnswers = z.output<typeof surveyAnswersSchema>;

/** A low score opens a follow-up for the service desk (never hides the public review invitation). */
export function isLowScore(a: Pick<SurveyAnswers, "overall" | "technician" | "nps">): boolean {
  return a.overall <= 2 || a.technician <= 2 || a.nps <= 4;
}
