import "server-only";
import { getSettings } from "@/lib/settings";

/**
 * The public review page every customer is invited to after the survey, whatever their score
 * (no review gating: platforms and the DGCCRF forbid filtering who is invited). Entered in the
 * console (Réglages → Entreprise, « Page d'avis »), read when the page is shown; none entered (or no
 * company identity yet): no invitation is shown (to anyone), never a made-up link.
 */
export async function publicReviewUrl(): Promise<string | null> {
  return (await getSettings()).company?.reviewUrl ?? null;
}

/**
 * Where the thank-you page's « Retour à mon espace » leads: the portal for a signed-in customer; a
 * visitor (the survey link needs no session) goes to sign-in, which brings them to the portal.
 */
export function surveyBackHref(signedIn: boolean): string {
  return signedIn ? "/" : "/connexion";
}
