import { displayPhone } from "@/lib/contact/phone";
import type { BankAccount, CompanySettings } from "./schemas";

/**
 * The contractor's identity as emails, PDFs and pages print it, built from the console's
 * `company` section. Pure: the caller reads the settings (lib/settings/store) and passes it on.
 */
export interface Company {
  /** The name customers know. */
  name: string;
  legalName: string;
  /** "SARL au capital de 20 000 €". */
  legalForm: string;
  address: { street: string; postalCode: string; city: string; country: "France" };
  phone: { display: string; e164: string };
  email: string;
  website: string | null;
  siret: string;
  vatNumber: string | null;
  /** "RCS Lyon 842 317 653" (or the Répertoire des métiers). */
  rcs: string;
  insurance: CompanySettings["insurance"];
  mediator: { name: string; website: string };
  bank: BankAccount | null;
  reviewUrl: string | null;
}

const euros = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });

export function companyView(c: CompanySettings): Company {
  return {
    name: c.tradeName,
    legalName: c.legalName,
    legalForm: c.capitalEuros === null ? c.legalForm : `${c.legalForm} au capital de ${euros.format(c.capitalEuros).replace(/\u202f|\u00a0/g, " ")} €`,
    address: { ...c.address, country: "France" },
    phone: { display: displayPhone(c.phone) ?? c.phone, e164: c.phone },
    email: c.email,
    website: c.website,
    siret: c.siret,
    vatNumber: c.vatNumber,
    rcs: c.registration,
    insurance: c.insurance,
    mediator: { name: c.mediator.name, website: c.mediator.website ?? "" },
    bank: c.bank,
    reviewUrl: c.reviewUrl,
  };
}

/** "27 rue Paul Bert, 69003 Lyon" */
export function companyAddressLine(company: Pick<Company, "address">): string {
  return `${company.address.street}, ${company.address.postalCode} ${company.address.city}`;
}

/** SIRET grouped as people read it: "842 317 653 00017". */
export function formatSiret(siret: string): string {
  return `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
}
