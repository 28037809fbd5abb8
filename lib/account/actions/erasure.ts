"use server";
import "server-only";
import { cookies } from "next/headers";
import { customerAction } from "@/lib/auth/customer-action";
import { cookieOptions, sessionCookieName } from "@/lib/auth/cookies";
import { getEnv } from "@/lib/env";
import { confirmErasure, requestErasure } from "../erasure";
import { codeSchema, erasureRequestSchema } from "../schemas";

export const requestErasureAction = customerAction("account.requestErasure", erasureRequestSchema, async (input, { contactId, session }) =>
  requestErasure(contactId, input, { locale: session.locale }),
);

/** The code confirms the erasure; the session cookie goes with it (the session is revoked anyway). */
export const confirmErasureAction = customerAction("account.confirmErasure", codeSchema, async (input, { contactId, session }) => {
  const result = await confirmErasure(contactId, input, { locale: session.locale, sessionIdentity: session.identity });
  const siteUrl = getEnv().SITE_URL;
  (await cookies()).set(sessionCookieName(siteUrl), "", { ...cookieOptions(siteUrl), maxAge: 0 });
  return { erased: true, erasureId: result.erasureId };
});
