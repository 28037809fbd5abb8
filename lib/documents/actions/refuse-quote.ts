"use server";
import "server-only";
import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/auth/customer-action";
import { refuseQuote } from "../refuse-quote";
import { refuseQuoteSchema } from "../schemas";
import { requestEvidenceContext } from "./request-context";

/** "Refuser le devis" with a reason for the service desk. */
export const refuseQuoteAction = customerAction("documents.refuseQuote", refuseQuoteSchema, async (input, { contactId }) => {
  const result = await refuseQuote(contactId, input, await requestEvidenceContext());
  revalidatePath("/documents");
  revalidatePath("/");
  return result;
});
