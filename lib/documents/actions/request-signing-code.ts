"use server";
import "server-only";
import { customerAction } from "@/lib/auth/customer-action";
import { requestSigningCode } from "../request-signing-code";
import { signingRequestSchema } from "../schemas";

/** "Recevoir mon code": consent + signature kept, a one-time code sent by SMS (or email). */
export const requestSigningCodeAction = customerAction("documents.requestSigningCode", signingRequestSchema, async (input, { contactId, session }) =>
  requestSigningCode(contactId, input, { locale: session.locale }),
);
