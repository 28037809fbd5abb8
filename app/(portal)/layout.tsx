import type { ReactNode } from "react";
import { PortalShell } from "@/components/shell/portal-shell";
import { getI18n } from "@/lib/auth/locale";
import { requireCustomer } from "@/lib/auth/session";
import { getCustomer } from "@/lib/hubspot/queries";
import { READY_WITHIN_MS, resolvesWithin } from "@/lib/ready";
import { getSettings } from "@/lib/settings";

/** Every page of the customer space: signed in (else to /connexion and back), inside the portal's shell. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const [{ contactId }, i18n, { company }] = await Promise.all([requireCustomer(), getI18n(), getSettings()]);
  // The header's first name never holds the page up (READY_WITHIN_MS at most): from memory on a
  // repeated view it is drawn at once, no boundary to stream; else the shell streams it in.
  const firstName = getCustomer(contactId).then(
    (c) => c.firstName,
    () => null,
  );
  const nameReady = await resolvesWithin([firstName], READY_WITHIN_MS);
  return (
    <PortalShell i18n={i18n} companyName={company?.tradeName ?? null} firstName={firstName} nameReady={nameReady}>
      {children}
    </PortalShell>
  );
}
