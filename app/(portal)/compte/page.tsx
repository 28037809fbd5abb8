import type { Metadata } from "next";
import { AccountView } from "@/components/account/account-view";
import { requireCustomer } from "@/lib/auth/session";
import { getCustomer } from "@/lib/hubspot/queries";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("account.title") };
}

export default async function AccountPage() {
  const { contactId } = await requireCustomer();
  const [customer, i18n] = await Promise.all([getCustomer(contactId), getI18n()]);
  return <AccountView i18n={i18n} customer={customer} />;
}
