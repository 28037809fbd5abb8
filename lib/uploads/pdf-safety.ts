import "server-only";
import { inflateSync } from "node:zlib";
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFParser,
  PDFRawStream,
  PDFStream,
  PDFString,
  PDFWriter,
  type PDFContext,
  type PDFObject,
} from "pdf-lib";

/**
 * A customer's PDF, judged on its decoded objects (pdf-lib's parser: `#xx` name escapes decoded,
 * compressed object streams expanded), never on raw bytes. The verdict is either a refusal, or
 * the PDF *as pdf-lib parsed it*, written again (fresh cross-reference table, no object stream,
 * nothing pdf-lib skipped): what staff open is exactly the object graph that was inspected, so a
 * byte trick that makes another reader see objects pdf-lib did not (an xref pointing inside a
 * stream, junk between objects) cannot smuggle anything through. Content streams, fonts and
 * images are copied as they are (never decoded here).
 *
 * Refused (any name, as a key or a value, anywhere in any object, stream dictionaries included):
 * - scripts: /JS, /JavaScript;
 * - actions that leave the document or run something: /Launch, /SubmitForm, /ImportData, /GoToR,
 *   /GoToE (remote and embedded go-to also leak Windows credentials through UNC paths);
 * - /AA (actions triggered by opening a page, focusing a field…), always;
 * - /OpenAction unless it only shows a page of the document (a destination array, or a /GoTo
 *   without /Next): word processors write `[page /XYZ …]`, which is harmless;
 * - embedded files: /EmbeddedFile, /EmbeddedFiles, /EF, /FileAttachment; /XFA forms; /RichMedia;
 * - /URI links other than http, https, mailto, tel (javascript:, file:, data:, UNC paths `\\host`).
 * Plain http(s) links stay: invoices carry them.
 * Encrypted PDFs are refused (their strings and object streams cannot be read, so not judged), and
 * so is anything pdf-lib cannot parse strictly.
 */

export type PdfVerdict =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: "corrupt" | "pdf_encrypted" | "pdf_active"; detail: string };

const REFUSED_NAMES = new Set(
  [
    "JS",
    "JavaScript",
    "Launch",
    "SubmitForm",
    "ImportData",
    "GoToR",
    "GoToE",
    "AA",
    "EmbeddedFile",
    "EmbeddedFiles",
    "EF",
    "FileAttachment",
    "XFA",
    "RichMedia",
    "RichMediaExecute",
  ].map((name) => PDFName.of(name)),
);
const OPEN_ACTION = PDFName.of("OpenAction");
const URI = PDFName.of("URI");
const S = PDFName.of("S");
const GOTO = PDFName.of("GoTo");
const NEXT = PDFName.of("Next");
const TYPE = PDFName.of("Type");
const FILTER = PDFName.of("Filter");
const FLATE = PDFName.of("FlateDecode");
const DECODED_BY_PARSER = new Set([PDFName.of("ObjStm"), PDFName.of("XRef")]);
const SAFE_URI_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

/**
 * pdf-lib inflates object and xref streams while parsing, with no limit: a 10 MB Flate stream of
 * zeros would become gigabytes. Their decoded size is checked first (zlib stops at the cap).
 */
const MAX_DECODED_STRUCTURE_BYTES = 64 * 1024 * 1024;
/** Objects parsed between two yields to the event loop (a 10 MB PDF never blocks it for long). */
const OBJECTS_PER_TICK = 500;

class Refusal extends Error {
  constructor(
    readonly reason: "corrupt" | "pdf_active",
    readonly detail: string,
  ) {
    super(detail);
  }
}

function filterIsFlateOrNone(filter: PDFObject | undefined): boolean | undefined {
  if (filter === undefined) return false;
  if (filter === FLATE) return true;
  if (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === FLATE) return true;
  return undefined;
}

async function parseGuarded(bytes: Uint8Array): Promise<PDFContext> {
  const parser = PDFParser.forBytesWithOptions(bytes, OBJECTS_PER_TICK, true, false);
  let decoded = 0;
  // pdf-lib catches what a parse step throws and reports "invalid object": keep the real reason.
  let refusal: Refusal | undefined;
  const refuse = (detail: string) => {
    refusal = new Refusal("corrupt", detail);
    return refusal;
  };
  const parseObject = parser.parseObject.bind(parser);
  // Only on this parser instance: every object and xref stream is sized before pdf-lib inflates it.
  parser.parseObject = () => {
    const object = parseObject();
    if (object instanceof PDFRawStream && DECODED_BY_PARSER.has(object.dict.lookup(TYPE) as PDFName)) {
      const flate = filterIsFlateOrNone(object.dict.lookup(FILTER));
      if (flate === undefined) throw refuse("object stream with an unsupported filter");
      if (flate) {
        try {
          decoded += inflateSync(object.contents, { maxOutputLength: MAX_DECODED_STRUCTURE_BYTES - decoded }).byteLength;
        } catch (error) {
          throw refuse(`object stream does not inflate within the cap: ${String(error)}`);
        }
      }
    }
    return object;
  };
  try {
    return await parser.parseDocument();
  } catch (error) {
    throw refusal ?? error;
  }
}

function uriIsSafe(value: PDFObject | undefined): boolean {
  if (!(value instanceof PDFString || value instanceof PDFHexString)) return true;
  // Viewers ignore leading blanks and control characters before the scheme.
  const uri = value.decodeText().replace(/^[\s\u0000-\u001f]+/, "");
  if (/^[\\/]{2}/.test(uri)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1];
  return scheme === undefined || SAFE_URI_SCHEMES.has(scheme.toLowerCase());
}

function openActionIsSafe(context: PDFContext, value: PDFObject | undefined): boolean {
  const resolved = value === undefined ? undefined : context.lookup(value);
  if (resolved instanceof PDFArray) return true;
  return resolved instanceof PDFDict && resolved.get(S) === GOTO && !resolved.has(NEXT);
}

function inspect(context: PDFContext, object: PDFObject): void {
  if (object instanceof PDFName) {
    if (REFUSED_NAMES.has(object)) throw new Refusal("pdf_active", `name ${object.asString()}`);
  } else if (object instanceof PDFStream) {
    inspect(context, object.dict);
  } else if (object instanceof PDFArray) {
    for (const item of object.asArray()) inspect(context, item);
  } else if (object instanceof PDFDict) {
    for (const [key, value] of object.entries()) {
      inspect(context, key);
      if (key === OPEN_ACTION && !openActionIsSafe(context, value)) throw new Refusal("pdf_active", "OpenAction other than a destination");
      if (key === URI && !uriIsSafe(context.lookup(value))) throw new Refusal("pdf_active", "URI with an unsafe scheme");
      inspect(context, value);
    }
  }
}

export async function inspectPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  let context: PDFContext;
  try {
    context = await parseGuarded(bytes);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason, detail: error.detail };
    return { ok: false, reason: "corrupt", detail: `parse: ${String(error)}` };
  }
  if (context.trailerInfo.Encrypt) return { ok: false, reason: "pdf_encrypted", detail: "encrypted" };
  try {
    for (const [, object] of context.enumerateIndirectObjects()) inspect(context, object);
    // The trailer's own entries (Info, ID…) are direct objects of no indirect object.
    for (const value of Object.values(context.trailerInfo)) if (value) inspect(context, value as PDFObject);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason, detail: error.detail };
    return { ok: false, reason: "corrupt", detail: `inspect: ${String(error)}` };
  }
  if (!(context.trailerInfo.Root && context.lookup(context.trailerInfo.Root) instanceof PDFDict)) {
    return { ok: false, reason: "corrupt", detail: "no catalog" };
  }
  try {
    return { ok: true, bytes: await PDFWriter.forContext(context, OBJECTS_PER_TICK).serializeToBuffer() };
  } catch (error) {
    return { ok: false, reason: "corrupt", detail: `write: ${String(error)}` };
  }
}
