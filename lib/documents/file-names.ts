/** Download names a person recognises: "Devis-DE-2026-00142-signe.pdf", "Facture-FA-2026-00317.pdf". */
export function safeFilePart(value: string): string {
  return (
    value
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/-+/g, "-")
      .replace(/^[-.]+|[-.]+$/g, "")
      .slice(0, 80) || "document"
  );
}

export function quoteFileName(number: string, signed: boolean): string {
  return `Devis-${safeFilePart(number)}${signed ? "-signe" : ""}.pdf`;
}

export function invoiceFileName(number: string): string {
  return `Facture-${safeFilePart(number)}.pdf`;
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = safeFilePart(fileName.replace(/\.[^.]+$/, "")) + (/\.[A-Za-z0-9]+$/.exec(fileName)?.[0] ?? "");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
