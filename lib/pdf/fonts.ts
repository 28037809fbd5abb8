import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The TTF files of the `dejavu-fonts-ttf` package, read once per process. They are read from
 * node_modules at run time (never bundled): next.config.ts keeps the package in the server output
 * (`outputFileTracingIncludes`).
 */
export interface FontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
}

let pending: Promise<FontFiles> | undefined;

export function dejaVuFontsDir(): string {
  return path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
}

export function loadDejaVuFonts(): Promise<FontFiles> {
  pending ??= (async () => {
    const dir = dejaVuFontsDir();
    const [regular, bold] = await Promise.all([readFile(path.join(dir, "DejaVuSans.ttf")), readFile(path.join(dir, "DejaVuSans-Bold.ttf"))]);
    return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
  })().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}
