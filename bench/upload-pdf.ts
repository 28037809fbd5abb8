/**
 * Upload check of a customer's PDF near the 10 MB limit: validateUpload (type from the bytes, pdf-lib
 * parse, walk of every object, rewrite). Two shapes: a scan (40 pages, one large JPEG each: few
 * objects, big streams) and a long text document written with object streams (many small objects).
 * Also the longest the event loop stayed blocked during one check. Pure CPU.
 * Run: npx tsx --conditions=react-server bench/upload-pdf.ts [runs]   (or `npm run bench -- upload-pdf`)
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { MESSAGE_UPLOAD_POLICY, validateUpload } from "@/lib/uploads/validate-upload";

const runs = Number(process.argv[2] ?? 10);

async function scanPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  // Random pixels: JPEG cannot compress them, so each page weighs ~240 KB like a scanned page.
  const noise = Buffer.alloc(600 * 500 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const jpeg = await sharp(noise, { raw: { width: 600, height: 500, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  const pages = Math.floor((MESSAGE_UPLOAD_POLICY.maxBytes * 0.97) / jpeg.length);
  const image = await doc.embedJpg(jpeg);
  for (let p = 0; p < pages; p++) {
    // A distinct image object per page, as a scanner writes them.
    const img = p === 0 ? image : await doc.embedJpg(jpeg);
    doc.addPage([595, 842]).drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
  }
  return doc.save({ useObjectStreams: true });
}

async function textPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  let bytes: Uint8Array = new Uint8Array(0);
  for (let batch = 0; bytes.byteLength < MESSAGE_UPLOAD_POLICY.maxBytes * 0.9; batch++) {
    for (let p = 0; p < 200; p++) {
      const page = doc.addPage([595, 842]);
      for (let l = 0; l < 40; l++) page.drawText(`Ligne ${l} de la page ${batch * 200 + p} : fourniture et pose, 1 u, 42,00 €`, { x: 40, y: 800 - l * 18, size: 10, font });
    }
    bytes = await doc.save({ useObjectStreams: true });
  }
  return bytes;
}

async function measure(label: string, pdf: Uint8Array) {
  const samples: number[] = [];
  let blocked: number | null = null;
  for (let i = 0; i <= runs; i++) {
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const t = performance.now();
    await validateUpload(pdf, "document.pdf");
    const ms = performance.now() - t;
    loop.disable();
    if (i > 0) samples.push(ms); // the first run warms the JIT
    // No sample when the check ended before the monitor's first tick.
    if (loop.count > 0) blocked = Math.max(blocked ?? 0, loop.max / 1e6);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(
    `${label.padEnd(46)} ${(pdf.byteLength / 1024 / 1024).toFixed(1)} MB   median ${median.toFixed(0).padStart(5)} ms   min ${samples[0]!.toFixed(0).padStart(5)} ms   event loop blocked ≤ ${blocked === null ? "(not sampled)" : `${blocked.toFixed(0)} ms`}`,
  );
}

await measure("scan (40 pages, one JPEG each)", await scanPdf());
await measure("text with object streams (many small objects)", await textPdf());
