"use server";
import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { customerAction } from "@/lib/auth/customer-action";
import { codeSchema } from "../schemas";
import { confirmContactChange } from "../update-contact-details";

const schema = codeSchema.extend({ purpose: z.enum(["email-change", "phone-change"]) });

export const confirmContactChangeAction = customerAction("account.confirmContactChange", schema, async (input, { contactId }) => {
  const result = await confirmContactChange(contactId, input);
  revalidatePath("/compte");
  return result;
});
