import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { surveyResponses } from "@/lib/db/schema";
import { ensureServiceTicket, updateTicket } from "@/lib/hubspot/conversations";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { registerHubSpotWrite } from "@/lib/outbox";
import { isLowScore, surveyAnswersSchema } from "./schemas";

/**
 * Outbox handler "surveys.submit": the answers → the intervention ticket's satisfaction_*
 * properties (an update: idempotent), and for a low score a follow-up ticket in the service desk
 * pipeline (found by portal_request_id `survey-<jti>` if a previous attempt created it).
 */
export const SUBMIT_SURVEY = "surveys.submit";
const argsSchema = z.object({ jti: z.string().min(1).max(100) });

export async function deliverSurvey(args: unknown): Promise<{ ticketId: string; followUpTicketId: string | null }> {
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) throw new PermanentDeliveryError("surveys.submit: invalid args");
  const db = await getDb();
  const [row] = await db.select().from(surveyResponses).where(eq(surveyResponses.jti, parsed.data.jti));
  if (!row) throw new PermanentDeliveryError("surveys.submit: response row missing");
  const answers = surveyAnswersSchema.safeParse(row.answers);
  if (!answers.success) throw new PermanentDeliveryError("surveys.submit: stored answers unreadable");
  const a = answers.data;
  await updateTicket(row.ticketId, {
    satisfaction_overall: String(a.overall),
    satisfaction_technician: String(a.technician),
    satisfaction_punctual: a.punctual === "yes" ? "true" : "false",
    satisfaction_nps: String(a.nps),
    satisfaction_comment: a.comment,
  });
  let followUpTicketId: string | null = null;
  if (isLowScore(a)) {
    followUpTicketId = await ensureServiceTicket({
      requestId: `survey-${row.jti}`,
      contactId: row.contactId,
      subject: `Suivi satisfaction : intervention ${row.ticketId}`,
      content: [
        `Avis client insatisfait sur l'intervention ${row.ticketId}.`,
        `Satisfaction globale : ${a.overall}/5 · Technicien : ${a.technician}/5 · Ponctuel : ${a.punctual === "yes" ? "oui" : "non"} · Recommandation : ${a.nps}/10`,
        a.comment ? `Commentaire : ${a.comment}` : "Pas de commentaire.",
        "À rappeler par le service client.",
      ].join("\n"),
      kind: "after_sales",
      stage: "new",
    });
  }
  return { ticketId: row.ticketId, followUpTicketId };
}

export function registerSurveyHandlers(): void {
  registerHubSpotWrite(SUBMIT_SURVEY, (args) => deliverSurvey(args));
}
