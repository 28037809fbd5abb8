import type { ReactNode } from "react";
import { PortalShell } from "@/components/shell/portal-shell";
import { requireCustomer } from "@/lib/auth/session";

/** Every page of the customer space: signed in (else to /connexion and back), inside the portal's shell. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const { contactId } = await requireCustomer();
  return <PortalShell contactId={contactId}>{children}</PortalShell>;
}
