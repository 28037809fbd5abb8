"use server";
import "server-only";
import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/auth/customer-action";
import { addAddress, removeAddress, setDefaultAddress, updateAddress } from "../addresses";
import { addressIdSchema, newAddressSchema, updateAddressSchema } from "../schemas";

/** The address book's four actions (one small module: they share the schema and the page). */
export const addAddressAction = customerAction("account.addAddress", newAddressSchema, async ({ idempotencyKey, ...input }, { contactId }) => {
  const address = await addAddress(contactId, input, new Date(), idempotencyKey);
  revalidatePath("/compte");
  return address;
});

export const updateAddressAction = customerAction("account.updateAddress", updateAddressSchema, async ({ id, ...input }, { contactId }) => {
  const address = await updateAddress(contactId, id, input);
  revalidatePath("/compte");
  return address;
});

export const setDefaultAddressAction = customerAction("account.setDefaultAddress", addressIdSchema, async ({ id }, { contactId }) => {
  const address = await setDefaultAddress(contactId, id);
  revalidatePath("/compte");
  return address;
});

export const removeAddressAction = customerAction("account.removeAddress", addressIdSchema, async ({ id }, { contactId }) => {
  await removeAddress(contactId, id);
  revalidatePath("/compte");
  return { removed: id };
});
