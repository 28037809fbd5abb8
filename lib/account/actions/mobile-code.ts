"use server";
import "server-only";
import { customerAction } from "@/lib/auth/customer-action";
import { displayPhone } from "@/lib/contact/phone";
import { codeDeliverySchema, mobileNumberSchema } from "../schemas";
import { codeDelivery, requestMobileVerification } from "../update-contact-details";

/** The booking flow's « Envoyer le code »: a code by SMS to a new mobile (used only once confirmed). */
export const requestMobileCodeAction = customerAction("account.requestMobileCode", mobileNumberSchema, async (input, { contactId, session }) => {
  const { verificationId, target } = await requestMobileVerification(contactId, input, { locale: session.locale });
  // Shown as written in France (« 06 12 34 56 78 »), formatted here: the booking page ships no phone metadata.
  return { verificationId, target, display: displayPhone(target) ?? target };
});

/** Where that code's SMS stands, for the form that waits for it (the caller's own verifications only). */
export const mobileCodeDeliveryAction = customerAction("account.mobileCodeDelivery", codeDeliverySchema, async (input, { contactId }) => ({
  state: await codeDelivery(contactId, input.verificationId),
}));
