import "server-only";
import { getEnv } from "@/lib/env";

/**
 * The public review page every customer is invited to after the survey, whatever their score
 * (no review gating: platforms and the DGCCRF forbid filtering who is invited). Configured with
 * PUBLIC_REVIEW_URL; without it no invitation is shown (to anyone), never a made-up link.
 */
export function publicReviewUrl(): string | null {
  return getEnv().PUBLIC_REVIEW_URL ?? null;
}

/**
 * Where the thank-you page's « Retour à mon espace » leads: the portal for a signed-in customer; a
 * visitor (the survey link needs no session) goes to sign-in, which brings them to the portal.
 */
export function surveyBackHref(signedIn: boolean): string {
  return signedIn ? "/" : "/connexion";
}
