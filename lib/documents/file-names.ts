import { safeFilePart } from "@/lib/file-names";

// The one helper for generated names lives in the ground layer (the data export uses it too).
export { contentDisposition, safeFilePart } from "@/lib/file-names";

/** Download names a person recognises: "Devis-DE-2026-00142-signe.pdf", "Facture-FA-2026-00317.pdf". */
export function quoteFileName(number: string, signed: boolean): string {
  return `Devis-${safeFilePart(number)}${signed ? "-signe" : ""}.pdf`;
}

export function invoiceFileName(number: string): string {
  return `Facture-${safeFilePart(number)}.pdf`;
}
