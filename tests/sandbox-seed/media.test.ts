import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { renderPhoto, renderReportPdf } from "@/sandbox/seed/media";
import { readGps } from "./helpers";

describe("renderPhoto", () => {
  it("renders a small 800×600 JPEG carrying a phone's GPS position", async () => {
    const jpeg = await renderPhoto({ kind: "before", title: "Tableau électrique — Villeurbanne", seed: 7, gps: { lat: 45.7719, lng: 4.8902 }, takenAt: new Date("2026-02-03T09:12:00Z") });
    const meta = await sharp(jpeg).metadata();
    expect(meta.format).toBe("jpeg");
    expect([meta.width, meta.height]).toEqual([800, 600]);
    expect(jpeg.length).toBeLessThan(60_000);
    const gps = await readGps(jpeg);
    expect(gps?.lat).toBeCloseTo(45.7719, 3);
    expect(gps?.lng).toBeCloseTo(4.8902, 3);
    expect(Buffer.from(meta.exif ?? []).toString("latin1")).toContain("2026:02:03 10:12:00"); // Paris local time
  });

  it("draws before and after differently, deterministically, at the requested size", async () => {
    const a = await renderPhoto({ kind: "before", title: "Borne de recharge", seed: 3 });
    const b = await renderPhoto({ kind: "after", title: "Borne de recharge", seed: 3 });
    const a2 = await renderPhoto({ kind: "before", title: "Borne de recharge", seed: 3 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).equals(Buffer.from(a2))).toBe(true);
    const small = await sharp(await renderPhoto({ kind: "after", title: "Prise", seed: 1, width: 400, height: 300 })).metadata();
    expect([small.width, small.height]).toEqual([400, 300]);
  });
});

describe("renderReportPdf", () => {
  it("writes a French report, accents and symbols included, in one or two pages", async () => {
    const pdf = await renderReportPdf({
      reference: "INT-10042",
      customerName: "Hélène Faure-Müller",
      address: "3 rue Sainte-Hélène, 69002 Lyon",
      technicianName: "Élodie Rousseau",
      interventionType: "Mise aux normes",
      date: new Date("2026-02-03T09:00:00Z"),
      findings: ["Prise « cuisine » carbonisée ; coût estimé 120 € — à reprendre (œuvre, ç, à, ô, è).", "Terre mesurée à 145 Ω, ≥ 100 Ω."],
    });
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getPageCount()).toBeLessThanOrEqual(2);
    expect(doc.getTitle()).toBe("Rapport d'intervention INT-10042");
    expect(doc.getAuthor()).toBe("Duret Électricité");
  });

  it("breaks long findings onto a second page rather than off the page", async () => {
    const findings = Array.from({ length: 40 }, (_, i) => `Constat n° ${i + 1} : connexion desserrée au bornier, resserrée et contrôlée.`);
    const doc = await PDFDocument.load(
      await renderReportPdf({ reference: "INT-1", customerName: "A", address: "B", technicianName: "C", interventionType: "Diagnostic", date: new Date("2026-01-05T08:00:00Z"), findings }),
    );
    expect(doc.getPageCount()).toBe(2);
  });
});
