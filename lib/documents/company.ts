import "server-only";
import { AppError } from "@/lib/errors";
import { companyView, getSettings, type Company } from "@/lib/settings";

/** What a customer reads when a document cannot be produced yet (the route answers 503). */
export const DOCUMENT_UNAVAILABLE_MESSAGE =
  "Document momentanément indisponible : il sera disponible dès que nos informations légales auront été renseignées. Merci de réessayer plus tard ou de nous contacter.";

/**
 * The identity a PDF prints, read from the console's settings at the moment the document is
 * produced (a change is used by the next document). Not entered yet (real HubSpot, fresh install):
 * no document rather than a made-up or incomplete legal identity.
 */
export async function documentCompany(): Promise<Company> {
  const { company } = await getSettings();
  if (!company) {
    throw new AppError("UPSTREAM_UNAVAILABLE", "Company identity not configured (console → Réglages → Entreprise): no PDF can be produced", {
      userMessage: DOCUMENT_UNAVAILABLE_MESSAGE,
      details: { reason: "company-not-configured" },
    });
  }
  return companyView(company);
}

/** The identity when there is one, else null (pages that can go on without it). */
export async function companyIfConfigured(): Promise<Company | null> {
  const { company } = await getSettings();
  return company ? companyView(company) : null;
}

export function isCompanyMissing(error: unknown): boolean {
  return error instanceof AppError && error.details?.reason === "company-not-configured";
}
