"use server";
import "server-only";
import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/auth/customer-action";
import { saveNotificationPreferences } from "../preferences";
import { preferencesSchema } from "../schemas";

export const savePreferencesAction = customerAction("account.savePreferences", preferencesSchema, async (input, { contactId }) => {
  const saved = await saveNotificationPreferences(contactId, input);
  revalidatePath("/compte");
  return saved;
});
