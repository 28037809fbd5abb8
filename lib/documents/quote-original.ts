import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { quoteOriginals } from "@/lib/db/schema";
import type { Customer, Quote } from "@/lib/model/types";
import { renderQuotePdfWithLayout, type SignatureBox } from "@/lib/pdf/render-quote";
import { documentCompany } from "./company";

/**
 * The quote PDF as the customer reads it, stored once per (quote, data rendered). pdf-lib output
 * differs from run to run, so what the customer reads, consents to and signs is THIS stored copy:
 * its SHA-256 goes into the evidence and its pages into the signed PDF. A change in HubSpot (a
 * line, a total, the validity, the customer's kind) gives a new data hash, hence a new original to
 * read again. A new layout (quote-pdf-2: insurance, mediator, the annexed withdrawal form) is a new
 * version: new renders get a new original; stored originals and signed PDFs are never re-rendered,
 * so existing signatures keep their bytes and hashes.
 */
export const QUOTE_LAYOUT_VERSION = "quote-pdf-2";

export interface QuoteOriginal {
  id: string;
  sha256: string;
  pdf: Uint8Array;
  signatureBox: SignatureBox;
}

export function quoteDataHash(quote: Quote, customer: Customer): string {
  const data = {
    v: QUOTE_LAYOUT_VERSION,
    quote: {
      id: quote.id,
      number: quote.number,
      title: quote.title,
      expiresAt: quote.expiresAt,
      totals: quote.totals,
      currency: quote.currency,
      lines: quote.lines,
      isConsumer: quote.isConsumer,
      createdAt: quote.createdAt,
    },
    customer: {
      firstName: customer.firstName,
      lastName: customer.lastName,
      address: customer.address,
      sageCustomerCode: customer.sageCustomerCode,
      kind: customer.kind,
    },
  };
  return createHash("sha256").update(canonicalJson(data)).digest("hex");
}

/** JSON with object keys sorted: the shared cache (jsonb) does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function toOriginal(row: typeof quoteOriginals.$inferSelect): QuoteOriginal {
  return { id: row.id, sha256: row.sha256, pdf: new Uint8Array(row.pdf), signatureBox: row.signatureBox as SignatureBox };
}

export async function findQuoteOriginal(db: Db, id: string): Promise<QuoteOriginal | null> {
  const [row] = await db.select().from(quoteOriginals).where(eq(quoteOriginals.id, id));
  return row ? toOriginal(row) : null;
}

/** The stored original for the quote's current data, rendered and stored on first use. */
export async function ensureQuoteOriginal(db: Db, contactId: string, quote: Quote, customer: Customer): Promise<QuoteOriginal> {
  const dataHash = quoteDataHash(quote, customer);
  const where = and(eq(quoteOriginals.quoteId, quote.id), eq(quoteOriginals.dataHash, dataHash));
  const [existing] = await db.select().from(quoteOriginals).where(where);
  if (existing) return toOriginal(existing);
  // The identity in force at the first rendering is frozen with the original (legal evidence of
  // what the customer read and signed): a later change in the console does not alter it.
  const { bytes, signatureBox } = await renderQuotePdfWithLayout(quote, customer, await documentCompany());
  await db
    .insert(quoteOriginals)
    .values({ id: randomUUID(), quoteId: quote.id, contactId, dataHash, sha256: sha256Hex(bytes), pdf: bytes, signatureBox })
    .onConflictDoNothing();
  // Two first views at once: both read back the one row that won.
  const [stored] = await db.select().from(quoteOriginals).where(where);
  if (!stored) throw new Error(`quote original ${quote.id} not stored`);
  return toOriginal(stored);
}
