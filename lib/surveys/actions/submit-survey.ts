"use server";

import { z } from "zod";
import { fieldErrorsOf } from "@/lib/auth/customer-action";
import { getCustomerSession } from "@/lib/auth/session";
import { surveyAnswersSchema } from "@/lib/surveys/schemas";
import { submitSurvey, type SubmitResult } from "@/lib/surveys/submit-survey";
import { log } from "@/lib/log";
import { FRENCH_ZOD_ERRORS } from "@/lib/i18n/zod-errors";

/**
 * The survey answer: public (the signed link is the credential), validated with the form's zod
 * schema; a refused link returns its state so the page shows the matching French explanation.
 */
const inputSchema = z.object({ token: z.string().min(1).max(2048), answers: surveyAnswersSchema });

export type SurveyActionResult = SubmitResult | { status: "validation"; fieldErrors: Record<string, string> } | { status: "error" };

export async function submitSurveyAction(raw: unknown): Promise<SurveyActionResult> {
  const parsed = inputSchema.safeParse(raw, FRENCH_ZOD_ERRORS);
  if (!parsed.success) return { status: "validation", fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const session = await getCustomerSession().catch(() => null);
    return await submitSurvey(parsed.data.token, parsed.data.answers, session?.contactId ?? null);
  } catch (error) {
    log.error({ action: "survey.submit", err: error }, "survey not saved");
    return { status: "error" };
  }
}
