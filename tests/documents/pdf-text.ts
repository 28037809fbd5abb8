import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFPage, type PDFRef } from "pdf-lib";

/**
 * Test helpers to read back what the renderers wrote.
 *
 * `drawnText` needs no external tool: pdf-lib writes each drawn line as one hex string shown with
 * `Tj` in a Flate-compressed content stream. With the embedded DejaVu fonts (Identity-H) the string
 * holds 2-byte glyph ids, mapped back to Unicode with the font's ToUnicode CMap; the 14 standard
 * fonts use WinAnsi. Decoding that gives the text per page, so the core tests run on any machine.
 * `pdftotextPages` uses Poppler when it is installed (a real PDF reader's view: fonts, encoding,
 * layout) and is only used by tests that say so.
 */

// WinAnsi (cp1252) bytes 0x80–0x9F; the rest of the range is Latin-1.
const CP1252: Record<number, string> = {
  0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰", 0x8a: "Š",
  0x8b: "‹", 0x8c: "Œ", 0x8e: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—",
  0x98: "˜", 0x99: "™", 0x9a: "š", 0x9b: "›", 0x9c: "œ", 0x9e: "ž", 0x9f: "Ÿ",
};

function decodeWinAnsi(hex: string): string {
  let out = "";
  for (let i = 0; i < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    out += CP1252[b] ?? String.fromCharCode(b);
  }
  return out;
}

function streamText(s: PDFRawStream): string {
  const filter = s.dict.get(PDFName.of("Filter"));
  return filter ? inflateSync(s.contents).toString("latin1") : Buffer.from(s.contents).toString("latin1");
}

/** UTF-16BE hex ("00E9", "D83DDE00") → string. */
function utf16Hex(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

/** A ToUnicode CMap's bfchar / bfrange entries as glyph id → text. */
function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1]!, 16), utf16Hex(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const dst = m[3]!;
      if (dst.startsWith("[")) {
        [...dst.matchAll(/<([0-9A-Fa-f]+)>/g)].forEach((d, i) => map.set(lo + i, utf16Hex(d[1]!)));
      } else {
        const base = parseInt(dst.slice(1, -1), 16);
        for (let g = lo; g <= hi; g++) map.set(g, String.fromCharCode(base + (g - lo)));
      }
    }
  }
  return map;
}

type Decoder = (hex: string) => string;

/** Per font resource name: how its Tj strings decode. */
function fontDecoders(doc: PDFDocument, page: PDFPage): Map<string, Decoder> {
  const out = new Map<string, Decoder>();
  const fonts = page.node.Resources()?.lookupMaybe(PDFName.of("Font"), PDFDict);
  if (!fonts) return out;
  for (const [name, ref] of fonts.entries()) {
    const font = doc.context.lookup(ref, PDFDict);
    const toUnicode = font.get(PDFName.of("ToUnicode"));
    const cmapStream = toUnicode ? doc.context.lookup(toUnicode) : undefined;
    if (cmapStream instanceof PDFRawStream) {
      const map = parseToUnicode(streamText(cmapStream));
      out.set(name.asString(), (hex) => {
        let text = "";
        for (let i = 0; i < hex.length; i += 4) text += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? "\ufffd";
        return text;
      });
    } else out.set(name.asString(), decodeWinAnsi);
  }
  return out;
}

/** The lines drawn on each page, in drawing order. */
export async function drawnText(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams: PDFRawStream[] = [];
    if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++) {
        const s = doc.context.lookup(contents.get(i) as PDFRef);
        if (s instanceof PDFRawStream) streams.push(s);
      }
    } else if (contents instanceof PDFRawStream) streams.push(contents);
    const decoders = fontDecoders(doc, page);
    const lines: string[] = [];
    let decode: Decoder = decodeWinAnsi;
    for (const s of streams) {
      for (const m of streamText(s).matchAll(/(\/[^\s/<>\[\]()]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
        if (m[1]) decode = decoders.get(m[1]) ?? decodeWinAnsi;
        else lines.push(decode(m[2] ?? ""));
      }
    }
    return lines;
  });
}

export function hasBinary(name: string): boolean {
  try {
    execFileSync("which", [name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function writeTemp(bytes: Uint8Array, name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "duret-pdf-"));
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Poppler's text per page (form feed separated). Requires `pdftotext`. */
export function pdftotextPages(bytes: Uint8Array): string[] {
  const file = writeTemp(bytes, "doc.pdf");
  const out = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  return out.split("\f").slice(0, -1);
}

/** Renders page 1 to PNG with `pdftoppm` and returns its path (to look at; never committed). */
export function renderFirstPagePng(bytes: Uint8Array, name: string): string {
  const file = writeTemp(bytes, `${name}.pdf`);
  const prefix = file.replace(/\.pdf$/, "");
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", file, prefix]);
  return `${prefix}.png`;
}
