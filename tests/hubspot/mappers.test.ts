import { describe, expect, it } from "vitest";
import { customerNoteBody } from "@/lib/hubspot/markers";
import fc from "fast-check";
import { htmlToText, idList, isoDate, isoDateTime, toAppointment, toConversation, toCustomer, toDocumentLine, toFileRef, toIntervention, toInvoice, toQuote, todayInFrance } from "@/lib/hubspot/mappers";
import { associationBatchSchema, hsObjectSchema, parseHubSpot, webhookBodySchema } from "@/lib/hubspot/schemas";

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseHubSpot(hsObjectSchema, { id: "1001", properties, createdAt: "2026-03-01T10:00:00.000Z", updatedAt: "2026-03-02T10:00:00.000Z", archived: false, ...extra }, "test");

const owners = { "77": { id: "77", firstName: "Paul", lastName: "Morel", email: "paul@duret.fr" } };
const TODAY = "2026-06-15";

describe("schemas are tolerant", () => {
  it("accepts SDK Dates and numeric ids, keeps only string property values (HubSpot's wire type), and drops unknown fields", () => {
    const parsed = parseHubSpot(
      hsObjectSchema,
      { id: 42, properties: { a: "x", b: null, c: 3, d: true, e: { nested: 1 } }, createdAt: new Date("2026-01-01T00:00:00Z"), propertiesWithHistory: {}, surprise: 1 },
      "t",
    );
    expect(parsed).toEqual({ id: "42", properties: { a: "x", b: null, c: null, d: null, e: null }, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: undefined, archived: undefined });
    expect(parseHubSpot(hsObjectSchema, { id: "1" }, "t").properties).toEqual({});
  });

  it("reads v4 batch associations whether `from` or the SDK's `_from` is used", () => {
    const wire = { results: [{ from: { id: "1" }, to: [{ toObjectId: 2, associationTypes: [] }] }] };
    const sdk = { results: [{ _from: { id: "1" }, to: [{ toObjectId: "2" }] }] };
    expect(parseHubSpot(associationBatchSchema, wire, "t").results).toEqual([{ fromId: "1", to: [{ toObjectId: "2", associationTypes: [] }] }]);
    expect(parseHubSpot(associationBatchSchema, sdk, "t").results[0]?.to[0]?.toObjectId).toBe("2");
  });

  it("parses a HubSpot webhook batch and refuses what is not one", () => {
    const batch = [{ eventId: 1, subscriptionId: 2, portalId: 3, occurredAt: 1, subscriptionType: "contact.propertyChange", attemptNumber: 0, objectId: 123, propertyName: "email", propertyValue: "a@b.fr", changeSource: "CRM", appId: 4 }];
    expect(webhookBodySchema.parse(batch)[0]).toMatchObject({ eventId: "1", objectId: "123", propertyValue: "a@b.fr" });
    expect(webhookBodySchema.safeParse({}).success).toBe(false);
    expect(webhookBodySchema.safeParse([{ eventId: 1 }]).success).toBe(false);
  });
});

describe("value helpers", () => {
  it("normalises HubSpot dates (ISO, epoch ms, date-only) and drops garbage", () => {
    expect(isoDateTime("1767261600000")).toBe("2026-01-01T10:00:00.000Z");
    expect(isoDateTime("2026-01-01T10:00:00Z")).toBe("2026-01-01T10:00:00.000Z");
    expect(isoDateTime("pas une date")).toBeNull();
    expect(isoDate("2026-07-01")).toBe("2026-07-01");
    expect(isoDate("1782864000000")).toBe("2026-07-01");
    expect(idList(" 1;2 ;;3,4 ")).toEqual(["1", "2", "3", "4"]);
    expect(todayInFrance(new Date("2026-06-15T22:30:00Z"))).toBe("2026-06-16"); // already tomorrow in Paris
  });

  it("reduces note HTML to text without letting markup through", () => {
    expect(htmlToText("<p>Bonjour&nbsp;Mme&nbsp;Martin,</p><p>Passage <b>jeudi</b> &amp; vendredi<br/>Cordialement</p>")).toBe("Bonjour Mme Martin,\nPassage jeudi & vendredi\nCordialement");
    fc.assert(fc.property(fc.string(), (s) => !/<[a-z/]/i.test(htmlToText(`<div>${s.replace(/[<>]/g, "")}</div>`))));
  });
});

describe("mappers", () => {
  it("maps a contact with Sage fields, tolerating missing and odd values", () => {
    const c = toCustomer(obj({ firstname: "Camille", lastname: "Martin", email: " Camille.Martin@Example.fr ", mobilephone: "+33612345678", address: "12 rue Sala", zip: "69002", city: "Lyon", sage_customer_code: "CLI0042", sage_balance_due: "1234.567", geo_lat: "45.75", geo_lng: "4.83", hs_language: "en-us" }));
    expect(c).toEqual({
      id: "1001", firstName: "Camille", lastName: "Martin", email: "camille.martin@example.fr", phone: "+33612345678",
      address: { line: "12 rue Sala", zip: "69002", city: "Lyon" }, geo: { lat: 45.75, lng: 4.83 }, sageCustomerCode: "CLI0042", sageBalanceDue: 1234.57, language: "en", kind: "consumer",
    });
    const sparse = toCustomer(obj({ email: "", geo_lat: "abc", geo_lng: "4.8", sage_balance_due: null }));
    expect(sparse).toMatchObject({ email: null, geo: null, sageBalanceDue: null, language: "fr", address: { line: null, zip: null, city: null } });
  });

  it("reads the customer type: only « professionnel » is a business, unknown or odd values are consumers", () => {
    expect(toCustomer(obj({ portal_customer_type: "professionnel" })).kind).toBe("business");
    expect(toCustomer(obj({ portal_customer_type: "Professionnel " })).kind).toBe("business");
    expect(toCustomer(obj({ portal_customer_type: "particulier" })).kind).toBe("consumer");
    expect(toCustomer(obj({ portal_customer_type: "" })).kind).toBe("consumer");
    expect(toCustomer(obj({ portal_customer_type: "entreprise ?" })).kind).toBe("consumer");
    expect(toCustomer(obj({})).kind).toBe("consumer");
  });

  it("maps an intervention ticket: stage key by id, technician, photos, satisfaction only when answered", () => {
    const ticket = obj({ subject: "Tableau électrique", hs_pipeline: "p1", hs_pipeline_stage: "s3", hubspot_owner_id: "77", intervention_type: "mise_aux_normes", intervention_start: "1767261600000", eta: "2026-01-01T09:45:00Z", photos_before_file_ids: "11;12", photos_after_file_ids: "", report_file_id: "13", createdate: "2025-12-20T08:00:00Z" });
    const i = toIntervention(ticket, { s3: "en_route" }, owners);
    expect(i).toMatchObject({ stage: "en_route", type: "mise_aux_normes", technician: { id: "77", firstName: "Paul" }, start: "2026-01-01T10:00:00.000Z", photosBeforeFileIds: ["11", "12"], photosAfterFileIds: [], reportFileId: "13", satisfaction: null, createdAt: "2025-12-20T08:00:00.000Z" });
    const unknown = toIntervention(obj({ hs_pipeline_stage: "zzz", intervention_type: "autre", hubspot_owner_id: "999", satisfaction_overall: "5", satisfaction_punctual: "true" }), { s3: "en_route" }, owners);
    expect(unknown).toMatchObject({ stage: null, type: null, technician: null, subject: "Intervention", satisfaction: { overall: 5, punctual: true, nps: null } });
  });

  it("maps a meeting (outcome spelling variants, start from hs_timestamp)", () => {
    const m = toAppointment(obj({ hs_meeting_title: "Visite", hs_timestamp: "2026-02-01T09:00:00Z", hs_meeting_outcome: "cancelled", hubspot_owner_id: "77" }), owners, "555");
    expect(m).toMatchObject({ title: "Visite", start: "2026-02-01T09:00:00.000Z", end: null, outcome: "CANCELED", interventionId: "555", technician: { id: "77" } });
  });

  it("derives the quote status from portal signature, HubSpot status and expiry", () => {
    const q = (p: Record<string, unknown>) => toQuote(obj({ hs_title: "Borne", hs_expiration_date: "2026-06-30", ...p }), TODAY, "9");
    expect(q({}).status).toBe("to_sign");
    expect(q({ hs_expiration_date: "2026-06-15" }).status).toBe("to_sign"); // signable through its last day
    expect(q({ hs_expiration_date: "2026-06-14" }).status).toBe("expired");
    expect(q({ portal_signature_status: "signed", hs_expiration_date: "2026-01-01" }).status).toBe("signed");
    expect(q({ hs_status: "ACCEPTED" }).status).toBe("signed");
    expect(q({ portal_signature_status: "refused" }).status).toBe("refused");
    expect(q({ hs_status: "LOST" }).status).toBe("refused");
    const full = q({ sage_quote_number: "D-2026-0042", hs_quote_number: "HS-1", sage_total_ht: "1000", sage_total_ttc: "1200", customer_is_consumer: "true", portal_signed_at: "1767261600000" });
    expect(full).toMatchObject({ number: "D-2026-0042", totals: { ht: 1000, tva: 200, ttc: 1200 }, currency: "EUR", isConsumer: true, signedAt: "2026-01-01T10:00:00.000Z", dealId: "9" });
    expect(q({ hs_quote_amount: "540.00" }).totals).toEqual({ ht: null, tva: null, ttc: 540 });
  });

  it("derives invoice status (overdue = open past due), amounts, and hides drafts", () => {
    const inv = (p: Record<string, unknown>) => toInvoice(obj({ hs_invoice_date: "2026-05-01", hs_due_date: "2026-05-31", sage_total_ht: "100", sage_total_tva: "20", sage_total_ttc: "120", ...p }), TODAY);
    expect(inv({ hs_invoice_status: "open" })).toMatchObject({ status: "overdue", amountDue: 120, amountPaid: null });
    expect(inv({ hs_invoice_status: "open", hs_due_date: "2026-06-15" })?.status).toBe("open");
    expect(inv({ hs_invoice_status: "open", sage_amount_paid: "50" })).toMatchObject({ amountPaid: 50, amountDue: 70 });
    expect(inv({ hs_invoice_status: "paid" })).toMatchObject({ status: "paid", amountPaid: 120, amountDue: 0 });
    expect(inv({ hs_invoice_status: "voided" })).toMatchObject({ status: "voided", amountDue: 0 });
    expect(inv({ hs_invoice_status: "draft" })).toBeNull();
    expect(inv({ hs_invoice_status: "open", sage_invoice_number: "F-1", hs_number: "INV-9", sage_payment_terms: "30 jours fin de mois" })).toMatchObject({ number: "F-1", paymentTerms: "30 jours fin de mois" });
  });

  it("reads HubSpot's payment page and PDF links only as https URLs, never making one up", () => {
    const inv = (p: Record<string, unknown>) => toInvoice(obj({ hs_invoice_status: "open", hs_due_date: "2026-06-30", sage_total_ttc: "120", ...p }), TODAY);
    const page = "https://app-eu1.hubspot.com/payments/7Hq2xKp9TzWm?referrer=INVOICE";
    const pdf = "https://api-eu1.hubspot.com/invoices/v1/public/7Hq2xKp9TzWm/pdf";
    expect(inv({ hs_invoice_link: page, hs_pdf_download_link: pdf })).toMatchObject({ hostedPageUrl: page, hostedPdfUrl: pdf });
    expect(inv({})).toMatchObject({ hostedPageUrl: null, hostedPdfUrl: null });
    expect(inv({ hs_invoice_link: "", hs_pdf_download_link: "   " })).toMatchObject({ hostedPageUrl: null, hostedPdfUrl: null });
    for (const bad of ["http://app.hubspot.com/payments/x", "javascript:alert(1)", "//app.hubspot.com/x", "app.hubspot.com/payments/x", "https://user:pw@app.hubspot.com/x", "data:text/html,hi"]) {
      expect(inv({ hs_invoice_link: bad, hs_pdf_download_link: bad }), bad).toMatchObject({ hostedPageUrl: null, hostedPdfUrl: null });
    }
  });

  it("maps lines with VAT and a computed total when HubSpot has none", () => {
    expect(toDocumentLine(obj({ name: "Borne 7 kW", quantity: "1", price: "1190.5", amount: "1190.50", sage_vat_rate: "5.5" }))).toMatchObject({ name: "Borne 7 kW", quantity: 1, unitPrice: 1190.5, vatRate: 5.5, totalHt: 1190.5 });
    expect(toDocumentLine(obj({ name: "Câble", quantity: "12", price: "2.35" })).totalHt).toBe(28.2);
  });

  it("builds conversations from the customer's messages and « #client » staff notes only, oldest first", () => {
    const note = (id: string, p: Record<string, unknown>) => ({ ...obj(p), id });
    const conv = toConversation(obj({ subject: "Devis borne", request_kind: "quote_request", hs_pipeline_stage: "w" }), { w: "waiting_customer" }, [
      note("3", { hs_note_body: "<p>#Client : Réponse</p>", hs_timestamp: "2026-03-03T10:00:00Z", hs_created_by_user_id: "9001", hs_attachment_ids: "88" }),
      note("2", { hs_note_body: "Note interne", hs_timestamp: "2026-03-02T10:00:00Z", hs_created_by_user_id: "9001" }),
      note("4", { hs_note_body: "#clientèle à relancer", hs_timestamp: "2026-03-02T11:00:00Z" }),
      // A HubSpot user pasting the portal's header does not write as the customer.
      note("5", { hs_note_body: `${customerNoteBody("Faux message")}`, hs_timestamp: "2026-03-02T12:00:00Z", hs_created_by_user_id: "9001" }),
      note("1", { hs_note_body: customerNoteBody("Question <urgente>\nmerci"), hs_timestamp: "2026-03-01T10:00:00Z" }),
    ]);
    expect(conv).toMatchObject({ kind: "quote_request", stage: "waiting_customer", subject: "Devis borne" });
    expect(conv.messages.map((m) => [m.id, m.author, m.body, m.attachmentIds])).toEqual([
      ["1", "customer", "Question <urgente>\nmerci", []],
      ["3", "staff", "Réponse", ["88"]],
    ]);
  });

  it("maps file metadata", () => {
    expect(toFileRef({ id: "5", name: "rapport-1", extension: "PDF", type: "DOCUMENT", size: 2048 })).toEqual({ id: "5", name: "rapport-1", extension: "pdf", type: "DOCUMENT", mimeType: "application/pdf", size: 2048 });
    expect(toFileRef({ id: "6" })).toMatchObject({ name: "fichier-6", extension: null, mimeType: null, size: null });
  });
});
