import type { Metadata } from "next";
import { AccountView } from "@/components/account/account-view";
import { getAccount } from "@/lib/account/get-account";
import { requireCustomer } from "@/lib/auth/session";
import { getI18n } from "@/lib/auth/locale";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("account.title") };
}

export default async function AccountPage() {
  const { contactId } = await requireCustomer();
  const [account, i18n] = await Promise.all([getAccount(contactId), getI18n()]);
  return <AccountView i18n={i18n} account={account} />;
}
