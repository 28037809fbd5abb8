import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { getHubSpotCallMetrics, resetHubSpotCallMetrics } from "@/lib/hubspot/call";
import { assertFileBelongsToCustomer, downloadFile, getFileMeta } from "@/lib/hubspot/files";
import {
  findContactIdByEmail,
  findContactIdByPhone,
  getConversation,
  getCustomer,
  getIntervention,
  getInvoice,
  getQuote,
  listAppointments,
  listConversations,
  listInterventions,
  listInvoices,
  listQuotes,
  listTechnicians,
} from "@/lib/hubspot/queries";
import { ASSOCIATION_TYPES } from "@/lib/hubspot/spec";
import { createAssociatedObject, updateContact } from "@/lib/hubspot/writes";
import { buildSeed } from "@/sandbox/seed";
import { startStack, type Stack } from "./support/stack";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return isAppError(e) ? e.code : `raw:${String(e)}`;
  }
}

async function pageView(contactId: string) {
  return Promise.all([
    getCustomer(contactId),
    listInterventions(contactId),
    listAppointments(contactId),
    listQuotes(contactId),
    listInvoices(contactId),
    listConversations(contactId),
  ]);
}

describe("HubSpot queries against the seeded sandbox", () => {
  let stack: Stack;
  let a: string; // Camille
  let b: string; // Antoine
  beforeAll(async () => {
    stack = await startStack(() => buildSeed({ now: new Date() }));
    const [camille, antoine] = stack.seed.demoCustomers;
    a = camille!.contactId;
    b = antoine!.contactId;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("maps the customer, Sage fields included", async () => {
    const customer = await getCustomer(a);
    const demo = stack.seed.demoCustomers[0]!;
    expect(customer.id).toBe(a);
    expect(customer.email).toBe(demo.email.toLowerCase());
    expect(customer.sageCustomerCode).toMatch(/\S/);
    expect(typeof customer.sageBalanceDue).toBe("number");
    expect(customer.address.city).toMatch(/\S/);
  });

  it("lists interventions with stage keys, technicians and files", async () => {
    const interventions = await listInterventions(a);
    expect(interventions.length).toBeGreaterThan(1);
    for (const i of interventions) expect(i.stage).not.toBeNull();
    expect(interventions.some((i) => i.technician !== null)).toBe(true);
    expect(interventions.some((i) => i.reportFileId !== null && i.photosAfterFileIds.length > 0)).toBe(true);
    const first = interventions[0]!;
    expect(await getIntervention(a, first.id)).toEqual(first);
  });

  it("lists appointments, quotes (with lines) and invoices in every status the seed has", async () => {
    const appointments = await listAppointments(a);
    expect(appointments.length).toBeGreaterThan(0);
    expect(appointments.every((m) => m.start !== null)).toBe(true);

    const quotes = await listQuotes(a);
    expect(new Set(quotes.map((q) => q.status))).toEqual(new Set(["to_sign", "signed", "expired"]));
    const quote = await getQuote(a, quotes[0]!.id);
    expect(quote.lines.length).toBeGreaterThan(0);
    expect(quote.totals.ttc).not.toBeNull();
    const linesHt = quote.lines.reduce((s, l) => s + (l.totalHt ?? 0), 0);
    expect(Math.abs(linesHt - (quote.totals.ht ?? 0))).toBeLessThan(0.02);

    const invoices = await listInvoices(a);
    expect(new Set(invoices.map((i) => i.status))).toEqual(new Set(["paid", "open", "overdue"]));
    const invoice = await getInvoice(a, invoices[0]!.id);
    expect(invoice.lines.length).toBeGreaterThan(0);
  });

  it("shows only customer-visible notes in conversations", async () => {
    const conversations = await listConversations(a);
    expect(conversations.length).toBeGreaterThan(0);
    const all = conversations.flatMap((c) => c.messages);
    expect(all.some((m) => m.author === "staff")).toBe(true);
    expect(all.some((m) => m.author === "customer")).toBe(true);
    // Staff add an internal note and a visible reply: only the reply reaches the customer.
    const ticketId = conversations[0]!.id;
    const note = (body: string, visible: boolean) =>
      createAssociatedObject({
        type: "notes",
        // Staff mean a note for the customer by starting it with « #client » (lib/hubspot/markers.ts).
        properties: { hs_note_body: visible ? body.replace(/^<p>/, "<p>#client ") : body, hs_timestamp: new Date().toISOString() },
        associations: [{ toType: "tickets", toId: ticketId, typeId: ASSOCIATION_TYPES.note_to_ticket }],
      });
    const internal = await note("<p>Client difficile, prévoir 2 h</p>", false);
    const reply = await note("<p>Bonjour,<br>nous passons <b>jeudi</b>.</p>", true);
    const after = await getConversation(a, ticketId);
    const ids = after.messages.map((m) => m.id);
    expect(ids).toContain(reply.id);
    expect(ids).not.toContain(internal.id);
    expect(after.messages.find((m) => m.id === reply.id)?.body).toBe("Bonjour,\nnous passons jeudi.");
    expect(JSON.stringify(await listConversations(a))).not.toContain("Client difficile");
  });

  it("lists technicians and finds contacts by email and phone", async () => {
    expect((await listTechnicians()).length).toBeGreaterThanOrEqual(4);
    const demo = stack.seed.demoCustomers[0]!;
    expect(await findContactIdByEmail(`  ${demo.email.toUpperCase()} `)).toBe(a);
    expect(await findContactIdByEmail("nobody@example.invalid")).toBeNull();
    const e164 = demo.phone.replace(/[^\d+]/g, "").replace(/^0/, "+33");
    expect(await findContactIdByPhone(e164)).toBe(a);
  });

  it("never gives customer A anything of customer B (NOT_FOUND, nothing leaked)", async () => {
    const [bInterventions, bQuotes, bInvoices, bConversations] = await Promise.all([listInterventions(b), listQuotes(b), listInvoices(b), listConversations(b)]);
    expect(bInterventions.length * bQuotes.length * bInvoices.length * bConversations.length).toBeGreaterThan(0);
    for (const i of bInterventions) expect(await codeOf(getIntervention(a, i.id))).toBe("NOT_FOUND");
    for (const q of bQuotes) expect(await codeOf(getQuote(a, q.id))).toBe("NOT_FOUND");
    for (const i of bInvoices) expect(await codeOf(getInvoice(a, i.id))).toBe("NOT_FOUND");
    for (const c of bConversations) expect(await codeOf(getConversation(a, c.id))).toBe("NOT_FOUND");
    const bFiles = bInterventions.flatMap((i) => [...i.photosBeforeFileIds, ...i.photosAfterFileIds, ...(i.reportFileId ? [i.reportFileId] : [])]);
    expect(bFiles.length).toBeGreaterThan(0);
    for (const f of bFiles) expect(await codeOf(assertFileBelongsToCustomer(a, f))).toBe("NOT_FOUND");
    // B's conversation is not an intervention of A either, whatever the id; malformed ids are NOT_FOUND too.
    expect(await codeOf(getIntervention(a, bConversations[0]!.id))).toBe("NOT_FOUND");
    expect(await codeOf(getQuote(a, "../../contacts"))).toBe("NOT_FOUND");
    expect(await codeOf(getCustomer("999999999"))).toBe("NOT_FOUND");
    // and A's own views contain no B object
    const aIds = new Set((await pageView(a)).slice(1).flatMap((list) => (list as { id: string }[]).map((x) => x.id)));
    for (const id of [...bInterventions, ...bQuotes, ...bInvoices, ...bConversations].map((x) => x.id)) expect(aIds.has(id)).toBe(false);
  });

  it("serves a customer's own files (metadata and bytes)", async () => {
    const withReport = (await listInterventions(a)).find((i) => i.reportFileId)!;
    await assertFileBelongsToCustomer(a, withReport.reportFileId!);
    const meta = await getFileMeta(withReport.reportFileId!);
    expect(meta.extension).toBe("pdf");
    expect(meta.mimeType).toBe("application/pdf");
    const download = await downloadFile(withReport.reportFileId!);
    const bytes = new Uint8Array(await new Response(download.body).arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    expect(download.contentType).toBe("application/pdf");
  });

  it("costs no HubSpot call for repeated page views once warm", async () => {
    await pageView(a); // warm
    resetHubSpotCallMetrics();
    await stack.control("/stats/reset", {});
    for (let i = 0; i < 20; i++) await pageView(a);
    expect(getHubSpotCallMetrics().total.attempts).toBe(0);
    expect(await stack.sandboxStats()).toBe(0);
  });

  it("sees the customer's own contact update at once (write invalidates the cache)", async () => {
    await getCustomer(a);
    await updateContact(a, { city: "Villeurbanne" });
    expect((await getCustomer(a)).address.city).toBe("Villeurbanne");
    expect(await codeOf(updateContact(a, { sage_balance_due: "0" }))).toBe("FORBIDDEN");
  });
});
