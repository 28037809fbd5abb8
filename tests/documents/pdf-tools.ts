import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hasBinary } from "./pdf-text";

/**
 * Poppler's pdfsig and qpdf, as a reader would check a signed quote. pdfsig exits 0 whatever the
 * verdict ("Signature is Valid." or "Digest Mismatch" alike): tests parse what it prints.
 */
export const REQUIRE_TOOLS = process.env.REQUIRE_POPPLER === "1";
export const havePdfsig = hasBinary("pdfsig");
export const haveQpdf = hasBinary("qpdf");
if (REQUIRE_TOOLS && (!havePdfsig || !haveQpdf)) throw new Error("REQUIRE_POPPLER=1 but pdfsig or qpdf is missing");

function temp(bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "duret-sig-")), "doc.pdf");
  writeFileSync(file, bytes);
  return file;
}

export function pdfsig(bytes: Uint8Array): string {
  try {
    return execFileSync("pdfsig", [temp(bytes)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ""}${e.stderr ?? ""}`;
  }
}

/** qpdf --check: exit 0 (ok) or 3 (warnings) with its report; throws on a broken file. */
export function qpdfCheck(bytes: Uint8Array): string {
  return execFileSync("qpdf", ["--check", temp(bytes)], { encoding: "utf8" });
}
