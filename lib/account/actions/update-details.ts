"use server";
import "server-only";
import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/auth/customer-action";
import { contactDetailsSchema } from "../schemas";
import { updateContactDetails } from "../update-contact-details";

/** Compte → coordonnées: names saved, a new email/phone gets a code (see updateContactDetails). */
export const updateDetailsAction = customerAction("account.updateDetails", contactDetailsSchema, async (input, { contactId, session }) => {
  const result = await updateContactDetails(contactId, input, { locale: session.locale });
  revalidatePath("/compte");
  return result;
});
