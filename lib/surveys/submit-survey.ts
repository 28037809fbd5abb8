import "server-only";
import { eq, or } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { forgetContactRows, readContactRows } from "@/lib/memory-cache/row-memory";
import { surveyResponses } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { getIntervention } from "@/lib/hubspot/queries";
import type { Intervention } from "@/lib/model/types";
import { enqueueHubSpotWrite } from "@/lib/outbox";
import { surveyOpen } from "@/lib/model/intervention-stages";
import { SUBMIT_SURVEY } from "./deliver-survey";
import { isLowScore, type SurveyAnswers } from "./schemas";
import { verifySurveyToken, type SurveyClaims } from "./token";

/**
 * Opening and answering a survey link. Every refusal has its own French page:
 * - invalid: not signed by us, altered, or not a survey link (forged);
 * - expired: older than 30 days;
 * - foreign: opened by a signed-in customer who is not the link's customer, or the intervention
 *   is no longer theirs in HubSpot;
 * - used: this link (jti), or another link for the same intervention, was already answered;
 * - not_ready: the intervention is not done yet.
 */
export type SurveyState =
  | { status: "open"; claims: SurveyClaims; intervention: Intervention }
  | { status: "invalid" | "expired" | "foreign" | "used" | "not_ready" };

export async function openSurvey(token: string, sessionContactId: string | null): Promise<SurveyState> {
  const verified = await verifySurveyToken(token);
  if (!verified.ok) return { status: verified.reason };
  const { claims } = verified;
  if (sessionContactId && sessionContactId !== claims.contactId) return { status: "foreign" };
  const db = await getDb();
  const [used] = await db
    .select({ jti: surveyResponses.jti })
    .from(surveyResponses)
    .where(or(eq(surveyResponses.jti, claims.jti), eq(surveyResponses.ticketId, claims.ticketId)))
    .limit(1);
  if (used) return { status: "used" };
  let intervention: Intervention;
  try {
    intervention = await getIntervention(claims.contactId, claims.ticketId);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return { status: "foreign" };
    throw error;
  }
  if (intervention.satisfaction) return { status: "used" };
  if (!surveyOpen(intervention)) return { status: "not_ready" };
  return { status: "open", claims, intervention };
}

export type SubmitResult = { status: "saved"; lowScore: boolean } | { status: "invalid" | "expired" | "foreign" | "used" | "not_ready" };

/**
 * Stores the answers locally (the jti insert makes the link single use, the unique ticket id one
 * answer per intervention) with the outbox row that writes them to HubSpot, in one transaction.
 */
export async function submitSurvey(token: string, answers: SurveyAnswers, sessionContactId: string | null): Promise<SubmitResult> {
  const state = await openSurvey(token, sessionContactId);
  if (state.status !== "open") return { status: state.status };
  const { claims } = state;
  const db = await getDb();
  const saved = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(surveyResponses)
      .values({ jti: claims.jti, contactId: claims.contactId, ticketId: claims.ticketId, answers })
      .onConflictDoNothing()
      .returning({ jti: surveyResponses.jti });
    if (inserted.length === 0) return false;
    await enqueueHubSpotWrite(tx, { operation: SUBMIT_SURVEY, args: { jti: claims.jti }, idempotencyKey: `survey:${claims.jti}`, contactId: claims.contactId });
    return true;
  });
  if (!saved) return { status: "used" };
  forgetContactRows(claims.contactId);
  return { status: "saved", lowScore: isLowScore(answers) };
}

/**
 * Whether the customer already answered this intervention's survey (waiting for HubSpot or not).
 * `ownerId`: the intervention's contact (checked by the caller), who is the only one who can answer
 * it: the answer is then read from the process's copy when it has not changed (lib/memory-cache/row-memory.ts).
 */
export async function surveyAnsweredLocally(ticketId: string, ownerId?: string): Promise<boolean> {
  const db = await getDb();
  const read = async () => (await db.select({ jti: surveyResponses.jti }).from(surveyResponses).where(eq(surveyResponses.ticketId, ticketId)).limit(1)).length > 0;
  return ownerId ? readContactRows(db, ownerId, `survey:${ticketId}`, read) : read();
}
