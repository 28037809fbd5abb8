/**
 * One way to turn a text into part of a generated file name, for every download the portal names
 * (quotes, invoices, the data export and its entries, customers' files): accents become their
 * letter (« Électricité » → "Electricite", NFD then combining marks dropped), anything else outside
 * ASCII letters, digits, ".", "_" and "-" becomes "-", no leading or trailing dot or dash (no
 * "../"), at most 80 characters. Ground layer: documents, account and uploads all use it.
 */
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

/** The same, lower-case, for names made of words: "Duret Électricité" → "duret-electricite". */
export function slugFilePart(value: string): string {
  return safeFilePart(value).toLowerCase();
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = safeFilePart(fileName.replace(/\.[^.]+$/, "")) + (/\.[A-Za-z0-9]+$/.exec(fileName)?.[0] ?? "");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
