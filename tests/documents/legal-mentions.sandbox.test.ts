import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInvoicePdf, getQuotePdf } from "@/lib/documents/render-documents";
import { resetEnvForTests } from "@/lib/env";
import { getCustomer, listInvoices, listQuotes } from "@/lib/hubspot/queries";
import { buildSeed } from "@/sandbox/seed";
import type { SeedResult } from "@/sandbox/types";
import { startStack, type Stack } from "../hubspot/support/stack";
import { hasBinary, pdftotextPages } from "./pdf-text";

if (process.env.REQUIRE_POPPLER === "1" && !hasBinary("pdftotext")) throw new Error("REQUIRE_POPPLER=1 but pdftotext is missing");

async function bytesOf(body: Uint8Array | ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer());
}
const textOf = (bytes: Uint8Array) => pdftotextPages(bytes).join(" ").replace(/[\s\u00a0\u202f]+/g, " ");

/**
 * Issue 16, point 7, end to end against the seeded sandbox: the customer type comes from the
 * contact's portal_customer_type (seeded: Camille a consumer, the seeded companies businesses) and
 * decides the invoice's late-payment mentions and the quote's withdrawal form.
 */
describe.skipIf(!hasBinary("pdftotext"))("legal mentions from HubSpot's customer type (sandbox)", () => {
  let stack: Stack;
  let seed: SeedResult;
  const camille = "10001";
  /** A seeded business customer with an invoice, and one with a quote (the seed's history varies with its `now`). */
  let business: string;
  let businessWithQuote: string;

  beforeAll(async () => {
    process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "duret-legal-"));
    resetEnvForTests();
    stack = await startStack(async () => (seed = await buildSeed({ now: new Date() })));
    const hasObject = (contactId: string, type: "invoices" | "quotes") =>
      seed.state.associations.some((a) => a.fromType === type && a.toType === "contacts" && a.toId === contactId);
    const businesses = seed.state.objects.contacts.filter((c) => c.properties.portal_customer_type === "professionnel");
    business = businesses.find((c) => hasObject(c.id, "invoices"))!.id;
    businessWithQuote = businesses.find((c) => hasObject(c.id, "quotes"))!.id;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    delete process.env.DATA_DIR;
    resetEnvForTests();
  });

  it("maps the seeded customer type: Camille a consumer, a seeded company a business", async () => {
    expect((await getCustomer(camille)).kind).toBe("consumer");
    expect((await getCustomer(business)).kind).toBe("business");
    expect((await getCustomer(businessWithQuote)).kind).toBe("business");
  });

  it("Camille's invoice has no 40 € indemnity, the business customer's has it; both carry insurance and mediator", async () => {
    const [mine] = await listInvoices(camille);
    const [theirs] = await listInvoices(business);
    const consumerText = textOf(await bytesOf((await getInvoicePdf(camille, mine!.id)).body));
    const businessText = textOf(await bytesOf((await getInvoicePdf(business, theirs!.id)).body));
    expect(consumerText).not.toContain("frais de recouvrement");
    expect(consumerText).toContain("1231-6 du Code civil");
    expect(businessText).toContain("indemnité forfaitaire pour frais de recouvrement de 40 €");
    for (const text of [consumerText, businessText]) {
      expect(text).toContain("Assurance responsabilité civile décennale");
      expect(text).toContain("Médiateur de la consommation");
    }
  });

  it("Camille's quote to sign annexes the withdrawal form, the business customer's quote does not", async () => {
    const toSign = (await listQuotes(camille)).find((q) => q.status === "to_sign")!;
    const consumerPages = pdftotextPages(await bytesOf((await getQuotePdf(camille, toSign.id)).body));
    expect(consumerPages.at(-1)).toContain("FORMULAIRE DE RÉTRACTATION");
    const notSigned = (await listQuotes(businessWithQuote)).find((q) => q.status !== "signed");
    const quote = notSigned ?? (await listQuotes(businessWithQuote))[0]!;
    const businessText = textOf(await bytesOf((await getQuotePdf(businessWithQuote, quote.id)).body));
    expect(businessText).not.toContain("FORMULAIRE DE RÉTRACTATION");
    expect(businessText).toContain("Médiateur de la consommation");
  });
});
