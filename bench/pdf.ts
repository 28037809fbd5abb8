/**
 * PDF timings: median time to render an invoice (6 lines, and 80 lines over several pages) and to
 * produce a sealed signed quote (stamp the signature into the stored original, add the evidence
 * page, PAdES seal with the company P12). Pure CPU, no sandbox or database.
 * Run: npx tsx --conditions=react-server bench/pdf.ts [runs]   (or `npm run bench -- pdf`)
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { renderQuotePdfWithLayout } from "@/lib/pdf/render-quote";
import { sha256Hex } from "@/lib/documents/quote-original";
import { describeP12, generatedP12 } from "@/lib/documents/signature/certificate";
import { buildSignedQuotePdf } from "@/lib/documents/signature/signed-quote";
import { makeCustomer, makeInvoice, makeQuote, manyLines } from "@/tests/documents/fixtures";
import { TEST_COMPANY as COMPANY } from "../tests/support/company";

const runs = Number(process.argv[2] ?? 30);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { runs: samples.length, p50: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1), min: +sorted[0]!.toFixed(1) };
}

async function time(label: string, fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  const cold = performance.now() - t0;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const s = stats(samples);
  console.log(`${label.padEnd(44)} cold ${cold.toFixed(1).padStart(7)} ms   median ${String(s.p50).padStart(7)} ms   p95 ${String(s.p95).padStart(7)} ms`);
  return { cold: +cold.toFixed(1), ...s };
}

const customer = makeCustomer();
const certificate = await generatedP12(mkdtempSync(path.join(tmpdir(), "duret-bench-cert-")), COMPANY);
const info = describeP12(certificate.p12, certificate.passphrase);
const { bytes: original, signatureBox } = await renderQuotePdfWithLayout(makeQuote(), customer, COMPANY);
const png = new Uint8Array(
  await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="600" height="220"><path d="M20 170 C 120 20, 260 20, 300 140 S 480 200, 580 50" stroke="#111" stroke-width="5" fill="none"/></svg>`))
    .png()
    .toBuffer(),
);
const evidence = {
  evidenceId: "00000000-0000-4000-8000-000000000000",
  quote: { id: "1", number: "DE-2026-00142", title: "Mise aux normes", totalTtc: "2 885,44 €" },
  signer: { name: "Hélène Lefèvre-Noël", contactId: "51234" },
  identity: {
    session: { channel: "email" as const, identity: "helene@example.fr", signedInAt: "2026-11-24T08:00:00Z", sessionId: "bench-session-0000" },
    code: { channel: "sms" as const, destination: "+33612345678", sentAt: "2026-11-24T08:14:00Z", verifiedAt: "2026-11-24T08:15:00Z" },
  },
  consentText: "Bon pour accord : j'accepte le devis n° DE-2026-00142.",
  signature: { kind: "drawn" as const },
  openedAt: "2026-11-24T08:10:00Z",
  consentedAt: "2026-11-24T08:14:00Z",
  signedAt: "2026-11-24T08:15:00Z",
  ip: "203.0.113.7",
  userAgent: "bench",
  originalSha256: sha256Hex(original),
  certificate: { subject: info.subject, fingerprintSha256: info.fingerprintSha256 },
};

console.log(`PDF bench, ${runs} warm runs each (after one cold run)`);
const results = {
  invoice6Lines: await time("invoice PDF (6 lines, 1 page)", () => renderInvoicePdf(makeInvoice(), customer, COMPANY)),
  invoice80Lines: await time("invoice PDF (80 lines, 3+ pages)", () => renderInvoicePdf(makeInvoice({ lines: manyLines(80) }), customer, COMPANY)),
  quoteOriginal: await time("quote PDF (original)", () => renderQuotePdfWithLayout(makeQuote(), customer, COMPANY)),
  sealedSignedQuote: await time("sealed signed quote (stamp + evidence + PAdES)", () =>
    buildSignedQuotePdf({ original, signatureBox, mark: { kind: "drawn", png }, evidence, certificate, company: COMPANY }),
  ),
};
console.log(JSON.stringify(results));
