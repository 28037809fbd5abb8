import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from "pdf-lib";
import { loadDejaVuFonts } from "./fonts";
import { companyAddressLine, formatSiret, type Company } from "@/lib/settings/company";

/**
 * Shared layout for the portal's PDFs (quotes, invoices): A4 pages, the company header, a table that
 * breaks across pages and repeats its header row, fr-FR amounts, "Page X / Y" footers and metadata.
 * Pure: domain data in, bytes out. No HubSpot, no React.
 *
 * Fonts: DejaVu Sans (regular and bold) embedded through `@pdf-lib/fontkit`, subset to the glyphs
 * used, so French accents, « », €, œ, Ω, ≤ and the narrow no-break space of fr-FR amounts are real
 * glyphs with a ToUnicode map (copy/paste and pdftotext give the text back). `pdfSafe` still
 * substitutes what the font lacks (e.g. CJK) instead of letting pdf-lib throw.
 */

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = { top: 48, bottom: 56, left: 48, right: 48 } as const;
export const CONTENT_WIDTH = A4[0] - MARGIN.left - MARGIN.right;

export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.38, 0.4, 0.45),
  brand: rgb(0.1, 0.29, 0.55),
  rule: rgb(0.8, 0.82, 0.86),
  headerFill: rgb(0.92, 0.94, 0.97),
} as const;

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * fontkit parses a 750 KB TTF in tens of milliseconds; pdf-lib asks it again for every document.
 * The parsed font is read-only for subsetting (each document makes its own subset), so it is kept
 * per font file for the life of the process.
 */
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
type FontkitFont = ReturnType<Fontkit["create"]>;
const parsedFonts = new WeakMap<Uint8Array, FontkitFont>();
const cachedFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string) {
    let font = parsedFonts.get(buffer);
    if (!font) {
      font = fontkit.create(buffer, postscriptName);
      parsedFonts.set(buffer, font);
    }
    return font;
  },
};

export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  const files = await loadDejaVuFonts();
  doc.registerFontkit(cachedFontkit);
  const [regular, bold] = await Promise.all([doc.embedFont(files.regular, { subset: true }), doc.embedFont(files.bold, { subset: true })]);
  return { regular, bold };
}

/* ------------------------------------------------------------------------------------------------
 * Text safety and formatting
 * ---------------------------------------------------------------------------------------------- */

/**
 * Characters Helvetica/WinAnsi cannot encode, with their usual spelling. Intl's fr-FR output uses
 * U+202F (narrow no-break space) between thousands; the font has U+00A0, which reads the same.
 */
const SUBSTITUTES: Record<string, string> = {
  "\u202f": "\u00a0",
  "\u2009": " ",
  "\u2212": "-",
  "\u2010": "-",
  "\u2011": "-",
  Ω: " ohms",
  "≤": "<=",
  "≥": ">=",
  "→": "->",
  "✓": "OK",
  "\u2248": "~",
  "\t": " ",
  "ᵉ": "e",
  "ʳ": "r",
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  "\u2002": " ",
  "\u2003": " ",
};

const charsetCache = new WeakMap<PDFFont, Set<number>>();

/** Text the font can encode: known substitutes first, "?" for the rest, line breaks as spaces. */
export function pdfSafe(text: string, font: PDFFont): string {
  let charset = charsetCache.get(font);
  if (!charset) {
    charset = new Set(font.getCharacterSet());
    charsetCache.set(font, charset);
  }
  const allowed = charset;
  return Array.from(text.normalize("NFC").replace(/[\r\n]+/g, " "), (c) => {
    if (allowed.has(c.codePointAt(0) ?? 0)) return c;
    const sub = SUBSTITUTES[c];
    if (sub !== undefined) return sub;
    // A letter with an accent the font lacks ("ő", "ł"): keep its base letter rather than "?".
    const base = c.normalize("NFD").replace(/\p{M}/gu, "");
    return base && [...base].every((b) => allowed.has(b.codePointAt(0) ?? 0)) ? base : "?";
  }).join("");
}

const EURO = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });
const NUMBER = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
const CALENDAR = new Intl.DateTimeFormat("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });

/** "1 234,50 €" with U+00A0 between groups and before "€" (never U+202F). "—" for null. */
export function formatEuro(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return "—";
  return EURO.format(amount).replace(/[\u202f\u2009 ]/g, "\u00a0");
}

/** Quantities: "2", "1,5", "1\u00a0200". */
export function formatQuantity(q: number | null | undefined): string {
  if (q === null || q === undefined || !Number.isFinite(q)) return "—";
  return NUMBER.format(q).replace(/[\u202f\u2009 ]/g, "\u00a0");
}

/** VAT rate in percent: 20 → "20 %", 5.5 → "5,5 %". */
export function formatVatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${NUMBER.format(rate)}\u00a0%`;
}

const PARIS_DAY = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Paris" });

/** An ISO instant ("…T23:30:00Z") is read as its day in Paris; a "YYYY-MM-DD" date as is. */
function calendarDay(date: string | null | undefined): string | null {
  if (!date) return null;
  if (date.includes("T")) {
    const d = new Date(date);
    return Number.isNaN(d.getTime()) ? null : PARIS_DAY.format(d);
  }
  return date;
}

/** "2026-11-24" → "24/11/2026" (calendar date, no time-zone shift); instants by their Paris day. */
export function formatCalendarDate(value: string | null | undefined): string {
  const date = calendarDay(value);
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  if (!m) return "—";
  return CALENDAR.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** "YYYY-MM-DD" (or ISO instant) → Date at UTC midnight, for metadata; null when missing. */
export function calendarDateToDate(value: string | null | undefined): Date | null {
  const date = calendarDay(value);
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** Greedy word wrap; words longer than the width are cut by characters. */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const safe = pdfSafe(text, font).trim();
  if (!safe) return [];
  const lines: string[] = [];
  // An embedded font lays text out with fontkit on every width query: measure each word once and
  // add them up (spaces are not kerned in DejaVu), instead of re-measuring the growing line.
  const width = (s: string) => font.widthOfTextAtSize(s, size);
  const space = width(" ");
  let line = "";
  let lineWidth = 0;
  for (const word of safe.split(/ +/)) {
    let w = word;
    let ww = width(w);
    while (ww > maxWidth) {
      // Cut an over-long word (a reference, a URL) so it never overflows its column.
      if (line) {
        lines.push(line);
        line = "";
        lineWidth = 0;
      }
      let cut = w.length - 1;
      while (cut > 1 && width(w.slice(0, cut)) > maxWidth) cut--;
      lines.push(w.slice(0, cut));
      w = w.slice(cut);
      ww = width(w);
    }
    if (line && lineWidth + space + ww > maxWidth) {
      lines.push(line);
      line = w;
      lineWidth = ww;
    } else {
      lineWidth = line ? lineWidth + space + ww : ww;
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/* ------------------------------------------------------------------------------------------------
 * Document and page flow
 * ---------------------------------------------------------------------------------------------- */

export interface DocumentMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string[];
  /** Fixed from the document's own date so the same quote renders to the same bytes (hashing). */
  createdAt: Date;
}

export async function createDocument(meta: DocumentMeta): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.author);
  doc.setProducer(`${meta.author} — espace client (pdf-lib)`);
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  doc.setLanguage("fr-FR");
  return doc;
}

/** A cursor over pages: draws top-down and adds a page (with its header) when space runs out. */
export class PageFlow {
  page: PDFPage;
  y: number;
  private readonly onNewPage: (flow: PageFlow) => void;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    onNewPage: (flow: PageFlow) => void,
  ) {
    this.onNewPage = onNewPage;
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN.top;
    onNewPage(this);
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN.top;
    this.onNewPage(this);
  }

  /** Start a new page unless `height` points still fit above the footer. */
  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  text(
    s: string,
    opts: { x?: number; size?: number; bold?: boolean; color?: RGB; width?: number; align?: "left" | "right"; lineGap?: number } = {},
  ): void {
    const size = opts.size ?? 9.5;
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const x = opts.x ?? MARGIN.left;
    const width = opts.width ?? MARGIN.left + CONTENT_WIDTH - x;
    const lineHeight = size * 1.3 + (opts.lineGap ?? 0);
    for (const line of wrapText(s, font, size, width)) {
      this.ensure(lineHeight);
      const dx = opts.align === "right" ? width - font.widthOfTextAtSize(line, size) : 0;
      this.page.drawText(line, { x: x + dx, y: this.y - size, size, font, color: opts.color ?? COLORS.text });
      this.y -= lineHeight;
    }
  }

  gap(h: number): void {
    this.y -= h;
  }

  rule(color: RGB = COLORS.rule): void {
    this.page.drawLine({ start: { x: MARGIN.left, y: this.y }, end: { x: MARGIN.left + CONTENT_WIDTH, y: this.y }, thickness: 0.6, color });
  }
}

/** Draws a single line of text at an absolute position (already laid out). */
export function drawLine(
  page: PDFPage,
  s: string,
  x: number,
  y: number,
  font: PDFFont,
  size: number,
  opts: { color?: RGB; align?: "left" | "right"; width?: number } = {},
): void {
  const safe = pdfSafe(s, font);
  const dx = opts.align === "right" ? (opts.width ?? 0) - font.widthOfTextAtSize(safe, size) : 0;
  page.drawText(safe, { x: x + dx, y, size, font, color: opts.color ?? COLORS.text });
}

/* ------------------------------------------------------------------------------------------------
 * Header: the company's identity, on every page (small) and in full on the first
 * ---------------------------------------------------------------------------------------------- */

export function companyIdentityLines(company: Company): string[] {
  return [
    `${company.legalName} — ${company.legalForm}`,
    companyAddressLine(company),
    `SIRET ${formatSiret(company.siret)}${company.rcs ? ` — ${company.rcs}` : ""}`,
    ...(company.vatNumber ? [`N° TVA intracommunautaire ${company.vatNumber}`] : []),
    `${company.phone.display} — ${company.email}`,
  ];
}

/** Page header: company name and identity left, the document's label right. Leaves flow.y below it. */
export function drawPageHeader(flow: PageFlow, company: Company, documentLabel: string, firstPage: boolean): void {
  const { page, fonts } = flow;
  const top = A4[1] - MARGIN.top;
  page.drawRectangle({ x: 0, y: A4[1] - 6, width: A4[0], height: 6, color: COLORS.brand });
  drawLine(page, company.name, MARGIN.left, top - 16, fonts.bold, 16, { color: COLORS.brand });
  drawLine(page, documentLabel, MARGIN.left, top - 16, fonts.bold, 12, { align: "right", width: CONTENT_WIDTH });
  let y = top - 30;
  const lines = firstPage ? companyIdentityLines(company) : [`${company.legalName} — SIRET ${formatSiret(company.siret)}`];
  for (const l of lines) {
    drawLine(page, l, MARGIN.left, y, fonts.regular, 8, { color: COLORS.muted });
    y -= 10.5;
  }
  flow.y = y - 6;
  page.drawLine({ start: { x: MARGIN.left, y: flow.y }, end: { x: MARGIN.left + CONTENT_WIDTH, y: flow.y }, thickness: 0.8, color: COLORS.brand });
  flow.y -= 14;
}

/* ------------------------------------------------------------------------------------------------
 * Table: wraps cells, breaks across pages, repeats its header row
 * ---------------------------------------------------------------------------------------------- */

export interface Column {
  header: string;
  /** Points; the columns' widths should add up to CONTENT_WIDTH. */
  width: number;
  align?: "left" | "right";
}

export interface Cell {
  text: string;
  bold?: boolean;
  /** Extra lines in smaller grey type under the main text (a line's description). */
  detail?: string | null;
}

const CELL_PAD = 4;
const TABLE_SIZE = 8.5;
const DETAIL_SIZE = 7.5;

function headerHeight(): number {
  return TABLE_SIZE + 2 * CELL_PAD + 2;
}

function drawHeaderRow(flow: PageFlow, columns: Column[]): void {
  const h = headerHeight();
  flow.page.drawRectangle({ x: MARGIN.left, y: flow.y - h, width: CONTENT_WIDTH, height: h, color: COLORS.headerFill });
  let x = MARGIN.left;
  for (const col of columns) {
    drawLine(flow.page, col.header, x + CELL_PAD, flow.y - CELL_PAD - TABLE_SIZE, flow.fonts.bold, TABLE_SIZE, {
      align: col.align,
      width: col.width - 2 * CELL_PAD,
    });
    x += col.width;
  }
  flow.y -= h;
}

export function drawTable(flow: PageFlow, columns: Column[], rows: Cell[][]): void {
  const lineHeight = TABLE_SIZE * 1.25;
  const detailHeight = DETAIL_SIZE * 1.25;
  // Header plus at least one line must fit, else the header would sit alone at a page's bottom.
  flow.ensure(headerHeight() + lineHeight + 2 * CELL_PAD);
  drawHeaderRow(flow, columns);
  for (const row of rows) {
    const laidOut = columns.map((col, i) => {
      const cell = row[i] ?? { text: "" };
      const font = cell.bold ? flow.fonts.bold : flow.fonts.regular;
      const inner = col.width - 2 * CELL_PAD;
      return {
        col,
        font,
        main: wrapText(cell.text, font, TABLE_SIZE, inner),
        detail: cell.detail ? wrapText(cell.detail, flow.fonts.regular, DETAIL_SIZE, inner) : [],
      };
    });
    const height = Math.max(...laidOut.map((c) => c.main.length * lineHeight + c.detail.length * detailHeight), lineHeight) + 2 * CELL_PAD;
    if (flow.y - height < MARGIN.bottom) {
      flow.newPage();
      drawHeaderRow(flow, columns);
    }
    let x = MARGIN.left;
    for (const c of laidOut) {
      let y = flow.y - CELL_PAD - TABLE_SIZE;
      const inner = c.col.width - 2 * CELL_PAD;
      for (const l of c.main) {
        drawLine(flow.page, l, x + CELL_PAD, y, c.font, TABLE_SIZE, { align: c.col.align, width: inner });
        y -= lineHeight;
      }
      for (const l of c.detail) {
        y += lineHeight - detailHeight;
        drawLine(flow.page, l, x + CELL_PAD, y, flow.fonts.regular, DETAIL_SIZE, { color: COLORS.muted, align: c.col.align, width: inner });
        y -= detailHeight;
      }
      x += c.col.width;
    }
    flow.y -= height;
    flow.page.drawLine({ start: { x: MARGIN.left, y: flow.y }, end: { x: MARGIN.left + CONTENT_WIDTH, y: flow.y }, thickness: 0.4, color: COLORS.rule });
  }
}

/** Label/amount pairs, right-aligned in a box on the right (totals). Kept together on one page. */
export function drawTotals(flow: PageFlow, rows: { label: string; amount: string; bold?: boolean }[]): void {
  const size = 9.5;
  const lineHeight = size * 1.6;
  flow.ensure(rows.length * lineHeight + 4);
  const boxWidth = 250;
  const x = MARGIN.left + CONTENT_WIDTH - boxWidth;
  for (const r of rows) {
    const font = r.bold ? flow.fonts.bold : flow.fonts.regular;
    drawLine(flow.page, r.label, x, flow.y - size, font, size);
    drawLine(flow.page, r.amount, x, flow.y - size, font, size, { align: "right", width: boxWidth });
    flow.y -= lineHeight;
  }
}

/* ------------------------------------------------------------------------------------------------
 * Footer: "Page X / Y" on every page, once all pages exist
 * ---------------------------------------------------------------------------------------------- */

export function drawFooters(doc: PDFDocument, fonts: Fonts, footerText: string): void {
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const y = MARGIN.bottom - 30;
    page.drawLine({ start: { x: MARGIN.left, y: y + 12 }, end: { x: MARGIN.left + CONTENT_WIDTH, y: y + 12 }, thickness: 0.4, color: COLORS.rule });
    drawLine(page, footerText, MARGIN.left, y, fonts.regular, 7, { color: COLORS.muted });
    drawLine(page, `Page ${i + 1} / ${pages.length}`, MARGIN.left, y, fonts.regular, 7.5, { align: "right", width: CONTENT_WIDTH, color: COLORS.muted });
  });
}

/** Customer block: name and address, on the right like an envelope window. */
export function drawAddressBlock(flow: PageFlow, title: string, lines: string[], x: number, width: number): number {
  let y = flow.y;
  drawLine(flow.page, title, x, y - 8, flow.fonts.bold, 8, { color: COLORS.muted });
  y -= 14;
  for (const [i, l] of lines.entries()) {
    for (const w of wrapText(l, i === 0 ? flow.fonts.bold : flow.fonts.regular, 9.5, width)) {
      drawLine(flow.page, w, x, y - 9.5, i === 0 ? flow.fonts.bold : flow.fonts.regular, 9.5);
      y -= 12.5;
    }
  }
  return y;
}
