import "server-only";
import { z } from "zod";
import { getCustomerSession, type CustomerSession } from "@/lib/auth/session";
import { AppError, isAppError, userMessageOf } from "@/lib/errors";
import { FRENCH_ZOD_ERRORS } from "@/lib/i18n/zod-errors";
import { log } from "@/lib/log";

/**
 * The one authenticated action client (CONVENTIONS: dub's safe-action): every customer server
 * action is `customerAction(schema, handler)`. It
 * - re-checks the session (JWT + revocation) on every call: proxy.ts never authorizes;
 * - validates the input with the same zod schema as the form (react-hook-form resolver);
 * - turns every failure into a French message: AppError → its userMessage, anything else →
 *   a generic message (logged with its stack, never sent to the browser).
 * The handler receives the session's contact id in `ctx` and passes it to the core function,
 * which checks ownership itself.
 */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; error: string; fieldErrors?: Record<string, string> };

export interface ActionContext {
  session: CustomerSession;
  contactId: string;
}

/** First message per field path ("address.zip"), for react-hook-form's setError. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

export function actionFailure(error: unknown, scope: string): { ok: false; code: string; error: string; fieldErrors?: Record<string, string> } {
  if (isAppError(error)) {
    if (error.code === "INTERNAL") log.error({ action: scope, err: error }, "internal error");
    // A core function's refusal of one field (e.g. a typed address: lib/bookings/place-address.ts) lands on that field.
    const fieldErrors = error.code === "VALIDATION" ? fieldErrorsDetail(error.details) : undefined;
    return { ok: false, code: error.code, error: error.userMessage, ...(fieldErrors ? { fieldErrors } : {}) };
  }
  log.error({ action: scope, err: error }, "unexpected error");
  return { ok: false, code: "INTERNAL", error: userMessageOf(error) };
}

function fieldErrorsDetail(details: Record<string, unknown> | undefined): Record<string, string> | undefined {
  const value = details?.fieldErrors;
  if (!value || typeof value !== "object") return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string");
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export function customerAction<S extends z.ZodType, T>(
  scope: string,
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (raw: unknown) => {
    try {
      const session = await getCustomerSession();
      if (!session) throw new AppError("UNAUTHENTICATED", "no valid customer session");
      const parsed = schema.safeParse(raw, FRENCH_ZOD_ERRORS);
      if (!parsed.success) {
        return {
          ok: false,
          code: "VALIDATION",
          error: "Certaines informations sont invalides. Merci de vérifier le formulaire.",
          fieldErrors: fieldErrorsOf(parsed.error),
        };
      }
      const data = await handler(parsed.data, { session, contactId: session.contactId });
      return { ok: true, data };
    } catch (error) {
      // redirect()/notFound() work by throwing: let Next.js handle them.
      if (error && typeof error === "object" && "digest" in error && typeof (error as { digest: unknown }).digest === "string") {
        const digest = (error as { digest: string }).digest;
        if (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) throw error;
      }
      return actionFailure(error, scope);
    }
  };
}
