import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { NextResponse } from "next/server";
import { z } from "zod";
import { currentDb } from "@/lib/db/current";
import { getEnv } from "@/lib/env";
import { FRENCH_ZOD_ERRORS } from "@/lib/i18n/zod-errors";
import { AppError, isAppError, userMessageOf } from "@/lib/errors";
import { log, logContext } from "@/lib/log";
import { staffSessionCookieName } from "./cookies";
import { hubspotDirectory } from "./directory";
import { assertStaffRole, ADMIN_ONLY_MESSAGE, type StaffRole, type StaffSession } from "./roles";
import { checkStaffSession, type StaffAuthDeps } from "./sign-in";

/** What the console's actions, pages and routes are wired with (tests call the core functions with their own). */
export async function staffDeps(): Promise<StaffAuthDeps> {
  const env = getEnv();
  if (!env.authSecret) throw new AppError("INTERNAL", "AUTH_SECRET is not configured");
  return { db: await currentDb(), directory: hubspotDirectory, authSecret: env.authSecret, siteUrl: env.SITE_URL, adminEmails: env.staffAdminEmails, demo: env.sandbox };
}

/**
 * The staff member of this request, or null: only the console's own cookie is read (a customer's
 * session cookie is never looked at here), checked in full on every request (once per request).
 */
export const getStaffSession = cache(async (): Promise<StaffSession | null> => {
  const env = getEnv();
  const token = (await cookies()).get(staffSessionCookieName(env.SITE_URL))?.value;
  if (!token) return null;
  const check = await checkStaffSession(await staffDeps(), token);
  // The request id joins the session: the audit rows of this request carry it.
  return check.ok ? { ...check.session, requestId: logContext()?.requestId } : null;
});

/** Console pages: the member (of this role), or the console's sign-in page. */
export async function requireStaff(role?: StaffRole): Promise<StaffSession> {
  const staff = await getStaffSession();
  if (!staff) redirect("/console/connexion");
  if (role === "admin" && staff.role !== "admin") redirect("/console?acces=administrateurs");
  return staff;
}

export type StaffActionResult<T> = { ok: true; data: T } | { ok: false; code: string; error: string; fieldErrors?: Record<string, string> };

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/**
 * The console's action client: session re-checked on every call, role checked (and again in the
 * core function), input validated with the form's zod schema, failures turned into French messages.
 */
export function staffAction<S extends z.ZodType, T>(
  role: StaffRole | undefined,
  scope: string,
  schema: S,
  handler: (input: z.output<S>, staff: StaffSession) => Promise<T>,
): (input: unknown) => Promise<StaffActionResult<T>> {
  return async (raw: unknown) => {
    try {
      const staff = await getStaffSession();
      if (!staff) return { ok: false, code: "UNAUTHENTICATED", error: "Votre session de la console a expiré. Merci de vous reconnecter." };
      if (role === "admin" && staff.role !== "admin") return { ok: false, code: "FORBIDDEN", error: ADMIN_ONLY_MESSAGE };
      const parsed = schema.safeParse(raw, FRENCH_ZOD_ERRORS);
      if (!parsed.success) {
        return { ok: false, code: "VALIDATION", error: "Certaines informations sont invalides. Merci de vérifier le formulaire.", fieldErrors: fieldErrorsOf(parsed.error) };
      }
      assertStaffRole(staff, role);
      return { ok: true, data: await handler(parsed.data, staff) };
    } catch (error) {
      if (isAppError(error)) {
        if (error.code === "INTERNAL") log.error({ action: scope, err: error }, "console action failed");
        return { ok: false, code: error.code, error: error.userMessage };
      }
      log.error({ action: scope, err: error }, "console action: unexpected error");
      return { ok: false, code: "INTERNAL", error: userMessageOf(error) };
    }
  };
}

/** Console route handlers: same-origin writes, the session and role re-checked, `no-store`. */
export function staffRoute<P>(
  role: StaffRole | undefined,
  scope: string,
  handler: (request: Request, ctx: { staff: StaffSession; params: P }) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    try {
      const method = request.method.toUpperCase();
      const origin = request.headers.get("origin");
      if (!["GET", "HEAD", "OPTIONS"].includes(method) && origin !== null && origin !== new URL(getEnv().SITE_URL).origin) {
        throw new AppError("FORBIDDEN", "cross-site console request", { userMessage: "Demande refusée : elle ne vient pas de la console." });
      }
      const staff = await getStaffSession();
      if (!staff) throw new AppError("UNAUTHENTICATED", "no staff session", { userMessage: "Connectez-vous à la console." });
      assertStaffRole(staff, role);
      const response = await handler(request, { staff, params: await context.params });
      if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
      return response;
    } catch (error) {
      if (!isAppError(error)) log.error({ route: scope, err: error }, "console route: unexpected error");
      return NextResponse.json(
        { error: userMessageOf(error), code: isAppError(error) ? error.code : "INTERNAL" },
        { status: isAppError(error) ? error.status : 500, headers: { "Cache-Control": "private, no-store" } },
      );
    }
  };
}
