"use server";
import "server-only";
import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/auth/customer-action";
import { confirmSignatureSchema } from "../schemas";
import { signQuote } from "../sign-quote";
import { requestEvidenceContext } from "./request-context";

/** "Signer le devis": the code confirms; evidence and sealed PDF recorded before the answer. */
export const signQuoteAction = customerAction("documents.signQuote", confirmSignatureSchema, async (input, { contactId, session }) => {
  const result = await signQuote(contactId, input, { session, ...(await requestEvidenceContext()) });
  revalidatePath("/documents");
  revalidatePath("/");
  return result;
});
