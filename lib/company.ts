/**
 * The contractor's identity, in one place: email and SMS templates, and later the PDFs, read it
 * from here. Not `server-only`: it is public information a footer may show anywhere.
 */
export const COMPANY = {
  name: "Duret Électricité",
  legalName: "Duret Électricité SARL",
  address: { street: "27 rue Paul Bert", postalCode: "69003", city: "Lyon", country: "France" },
  phone: { display: "04 78 62 45 18", e164: "+33478624518" },
  email: "contact@duret-electricite.fr",
  website: "https://www.duret-electricite.fr",
  /** SIREN 842 317 653 (Luhn-valid), NIC 00017. */
  siret: "84231765300017",
  /** FR + key computed from the SIREN: (12 + 3 × (SIREN mod 97)) mod 97. */
  vatNumber: "FR54842317653",
  legalForm: "SARL au capital de 20 000 €",
  rcs: "RCS Lyon 842 317 653",
  /**
   * Assurance décennale, mandatory for building trades and printed on quotes and invoices (loi
   * Pinel, art. L243-2 Code des assurances: insurer, policy, geographic area covered). Demo values.
   */
  insurance: {
    kind: "Assurance responsabilité civile décennale",
    insurer: "Mutuelle Rhodanienne du Bâtiment (démo)",
    policyNumber: "DEMO-RCD-2026-04817",
    area: "France métropolitaine",
  },
  /** The consumer mediator (Code de la consommation, art. L612-1 and L616-1: name and website). Demo values. */
  mediator: {
    name: "Médiation Consommation Artisanat Bâtiment (démo)",
    website: "https://www.mediation-batiment.example",
  },
} as const;

export type Company = typeof COMPANY;

/** "27 rue Paul Bert, 69003 Lyon" */
export function companyAddressLine(company: Company = COMPANY): string {
  return `${company.address.street}, ${company.address.postalCode} ${company.address.city}`;
}

/** SIRET grouped as people read it: "842 317 653 00017". */
export function formatSiret(siret: string = COMPANY.siret): string {
  return `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
}
