import { describe, expect, it } from "vitest";
import { exportFileName } from "@/lib/account/export-data";
import { invoiceFileName, quoteFileName } from "@/lib/documents/file-names";
import { contentDisposition, safeFilePart, slugFilePart } from "@/lib/file-names";
import { fileHeaders } from "@/lib/uploads/images";

/** Generated download names: accents become letters, one helper for every name the portal makes. */
describe("generated file names", () => {
  it("names the data export after the company without losing its accented letters", () => {
    expect(exportFileName(new Date("2026-12-07T10:00:00Z"), "Duret Électricité")).toBe("mes-donnees-duret-electricite-2026-12-07.zip");
    // The day is the customer's (Paris): a request at 00:30 on 8 December is dated the 8th.
    expect(exportFileName(new Date("2026-12-07T23:30:00Z"), "Duret Électricité")).toBe("mes-donnees-duret-electricite-2026-12-08.zip");
    // No company identity entered yet: the name goes without it.
    expect(exportFileName(new Date("2026-12-07T10:00:00Z"), null)).toBe("mes-donnees-2026-12-07.zip");
  });

  it("turns accents into their letter, everything else into one dash", () => {
    expect(slugFilePart("Duret Électricité")).toBe("duret-electricite");
    expect(safeFilePart("Façade à Lyon n°3")).toBe("Facade-a-Lyon-n-3");
    expect(safeFilePart("../..//")).toBe("document");
    expect(quoteFileName("DE-2026-é1", true)).toBe("Devis-DE-2026-e1-signe.pdf");
    expect(invoiceFileName("FA 2026/ç")).toBe("Facture-FA-2026-c.pdf");
  });

  it("a customer's file is offered under the same ASCII name as the documents, with its UTF-8 name alongside", () => {
    const header = fileHeaders("image/jpeg", "Schéma électrique.jpg", "attachment").get("content-disposition");
    expect(header).toBe(contentDisposition("attachment", "Schéma électrique.jpg"));
    expect(header).toBe(`attachment; filename="Schema-electrique.jpg"; filename*=UTF-8''Sch%C3%A9ma%20%C3%A9lectrique.jpg`);
  });
});
