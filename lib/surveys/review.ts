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
