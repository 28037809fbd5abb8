import { PDFDocument } from "pdf-lib";
import { CUSTOMER_NOTE_HEADER, STAFF_VISIBLE_MARKER } from "@/lib/hubspot/markers";
import { beforeAll, describe, expect, it } from "vitest";
import { ASSOCIATION_TYPES, CRM_OBJECT_TYPES, type CrmObjectType } from "@/lib/hubspot/spec";
import { INTERVENTION_STAGE_KEYS, SERVICE_DESK_STAGE_KEYS } from "@/lib/model/vocabulary";
import { buildSeed } from "@/sandbox/seed";
import { EXTERNAL_OPTION_PROPERTIES, pipelineIdByKey, stageIdByKey, stageKeyById } from "@/sandbox/state";
import type { SandboxObject, SeedResult } from "@/sandbox/types";
import { byId, readGps, related } from "./helpers";

// A Tuesday, 10:30 in Paris.
const NOW = new Date("2026-03-10T09:30:00.000Z");
const NOW_MS = NOW.getTime();
let seed: SeedResult;
let again: SeedResult;

beforeAll(async () => {
  const t0 = performance.now();
  seed = await buildSeed({ now: NOW });
  console.log(`buildSeed: ${Math.round(performance.now() - t0)} ms`);
  again = await buildSeed({ now: NOW });
});

const objs = (t: CrmObjectType) => seed.state.objects[t];
const p = (o: SandboxObject, k: string) => o.properties[k] ?? undefined;
const ms = (s: string | undefined) => (s ? Date.parse(s) : NaN);
const stageOf = (t: SandboxObject) => {
  const s = seed.state;
  const pipe = p(t, "hs_pipeline");
  if (pipe === pipelineIdByKey(s, "interventions")) return stageKeyById(s, "interventions", p(t, "hs_pipeline_stage") ?? "");
  if (pipe === pipelineIdByKey(s, "service_desk")) return stageKeyById(s, "service_desk", p(t, "hs_pipeline_stage") ?? "");
  return undefined;
};
const interventions = () => objs("tickets").filter((t) => p(t, "hs_pipeline") === pipelineIdByKey(seed.state, "interventions"));
const conversations = () => objs("tickets").filter((t) => p(t, "hs_pipeline") === pipelineIdByKey(seed.state, "service_desk"));
const cents = (s: string | undefined) => Math.round(Number(s) * 100);

/** Recompute a document's totals from its lines, per VAT rate, as Sage does. */
function recompute(lines: SandboxObject[]) {
  const base = new Map<number, number>();
  for (const l of lines) {
    const amount = Math.round(cents(p(l, "price")) * Number(p(l, "quantity")) * (1 - Number(p(l, "hs_discount_percentage") ?? 0) / 100));
    expect(cents(p(l, "amount")), `line ${l.id} amount`).toBe(amount);
    const rate = Number(p(l, "sage_vat_rate"));
    base.set(rate, (base.get(rate) ?? 0) + amount);
  }
  let ht = 0;
  let tva = 0;
  for (const [rate, b] of base) {
    ht += b;
    tva += Math.round((b * rate) / 100);
  }
  return { ht, tva, ttc: ht + tva };
}

describe("buildSeed", () => {
  it("is deterministic: the same now gives the same state, files and demo identities", () => {
    expect(again.state).toEqual(seed.state);
    expect(again.demoCustomers).toEqual(seed.demoCustomers);
    expect([...again.fileBytes.keys()]).toEqual([...seed.fileBytes.keys()]);
    for (const [id, bytes] of seed.fileBytes) expect(Buffer.from(again.fileBytes.get(id) ?? []).equals(Buffer.from(bytes)), `file ${id}`).toBe(true);
  });

  it("has enough customers, with unique emails, phones and Sage codes, in the Lyon area", () => {
    const contacts = objs("contacts");
    expect(contacts.length).toBeGreaterThanOrEqual(55);
    const emails = contacts.map((c) => p(c, "email")?.toLowerCase());
    expect(new Set(emails).size).toBe(contacts.length);
    expect(new Set(contacts.map((c) => p(c, "sage_customer_code"))).size).toBe(contacts.length);
    expect(new Set(contacts.map((c) => p(c, "phone"))).size).toBe(contacts.length);
    for (const c of contacts) {
      expect(p(c, "email")).toMatch(/^[a-z0-9.-]+@example\.(fr|com|net)$/);
      expect(p(c, "phone")).toMatch(/^\+33[67]\d{8}$/);
      expect(p(c, "sage_customer_code")).toMatch(/^CLI\d{5}$/);
      expect(p(c, "zip")).toMatch(/^69\d{3}$/);
      expect(p(c, "country")).toBe("France");
      expect(p(c, "lifecyclestage")).toBe("customer");
      expect(Number(p(c, "geo_lat"))).toBeGreaterThan(45.6);
      expect(Number(p(c, "geo_lat"))).toBeLessThan(45.9);
      expect(Number(p(c, "geo_lng"))).toBeGreaterThan(4.6);
      expect(Number(p(c, "geo_lng"))).toBeLessThan(5.1);
      expect(p(c, "hs_object_id")).toBe(c.id);
    }
    expect(contacts.filter((c) => p(c, "portal_language") === "en").length).toBeGreaterThan(0);
    expect(seed.state.owners.length).toBeGreaterThanOrEqual(4);
    for (const o of seed.state.owners) expect(o.email).toMatch(/@duret-electricite\.fr$/);
  });

  it("writes only defined properties, with values in their type's wire format", () => {
    for (const type of CRM_OBJECT_TYPES) {
      const defs = new Map(seed.state.properties[type].map((d) => [d.name, d]));
      for (const o of objs(type)) {
        expect(o.createdAt <= o.updatedAt, `${type} ${o.id} dates`).toBe(true);
        expect(ms(o.updatedAt)).toBeLessThanOrEqual(NOW_MS);
        expect(p(o, "hs_object_id")).toBe(o.id);
        for (const [name, value] of Object.entries(o.properties)) {
          const def = defs.get(name);
          expect(def, `${type}.${name} is not defined`).toBeDefined();
          if (!def || value === null) continue;
          const where = `${type} ${o.id} ${name}=${value}`;
          if (def.type === "number") expect(Number.isFinite(Number(value)) && value.trim() !== "", where).toBe(true);
          if (def.type === "datetime") expect(value, where).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          if (def.type === "date") expect(value, where).toMatch(/^\d{4}-\d\d-\d\d$/);
          if (def.type === "bool") expect(["true", "false"], where).toContain(value);
          if (def.type === "enumeration" && !EXTERNAL_OPTION_PROPERTIES.has(name)) expect(def.options?.map((x) => x.value), where).toContain(value);
        }
      }
    }
    const owners = new Set(seed.state.owners.map((o) => o.id));
    for (const type of CRM_OBJECT_TYPES) for (const o of objs(type)) if (p(o, "hubspot_owner_id")) expect(owners.has(p(o, "hubspot_owner_id") ?? "")).toBe(true);
  });

  it("associates only existing records, with HubSpot's type id for each pair", () => {
    const expected: Record<string, number> = {
      "tickets>contacts": ASSOCIATION_TYPES.ticket_to_contact,
      "meetings>contacts": ASSOCIATION_TYPES.meeting_to_contact,
      "meetings>tickets": ASSOCIATION_TYPES.meeting_to_ticket,
      "notes>tickets": ASSOCIATION_TYPES.note_to_ticket,
      "notes>contacts": ASSOCIATION_TYPES.note_to_contact,
      "quotes>deals": ASSOCIATION_TYPES.quote_to_deal,
      "quotes>contacts": ASSOCIATION_TYPES.quote_to_contact,
      "quotes>line_items": ASSOCIATION_TYPES.quote_to_line_item,
      "deals>line_items": ASSOCIATION_TYPES.deal_to_line_item,
      "deals>contacts": ASSOCIATION_TYPES.deal_to_contact,
      "invoices>contacts": ASSOCIATION_TYPES.invoice_to_contact,
      "invoices>line_items": ASSOCIATION_TYPES.invoice_to_line_item,
      "invoices>deals": ASSOCIATION_TYPES.invoice_to_deal,
    };
    const ids = Object.fromEntries(CRM_OBJECT_TYPES.map((t) => [t, new Set(objs(t).map((o) => o.id))])) as Record<CrmObjectType, Set<string>>;
    const seen = new Set<string>();
    for (const a of seed.state.associations) {
      expect(ids[a.fromType].has(a.fromId), `${a.fromType} ${a.fromId}`).toBe(true);
      expect(ids[a.toType].has(a.toId), `${a.toType} ${a.toId}`).toBe(true);
      expect(a.typeId).toBe(expected[`${a.fromType}>${a.toType}`]);
      const key = `${a.fromType}:${a.fromId}>${a.toType}:${a.toId}`;
      expect(seen.has(key), `duplicate ${key}`).toBe(false);
      seen.add(key);
    }
    // Every line item belongs to exactly one document; every ticket, meeting, quote, invoice to one contact.
    for (const li of objs("line_items")) expect(related(seed.state, "line_items", "quotes", li.id).length + related(seed.state, "line_items", "deals", li.id).length + related(seed.state, "line_items", "invoices", li.id).length).toBe(1);
    for (const t of ["tickets", "meetings", "quotes", "invoices", "deals"] as const) for (const o of objs(t)) expect(related(seed.state, t, "contacts", o.id)).toHaveLength(1);
  });

  it("has interventions in every stage and conversations in every service-desk stage", () => {
    const stages = new Set(interventions().map(stageOf));
    for (const k of INTERVENTION_STAGE_KEYS) expect(stages, k).toContain(k);
    const desk = new Set(conversations().map(stageOf));
    for (const k of SERVICE_DESK_STAGE_KEYS) expect(desk, k).toContain(k);
    for (const t of interventions()) {
      expect(p(t, "intervention_type")).toBeDefined();
      expect(p(t, "intervention_address")).toMatch(/, 69\d{3} /);
      const st = stageOf(t);
      if (st === "en_route") expect(ms(p(t, "eta")) - NOW_MS).toBeGreaterThan(0);
      if (st === "on_site") expect(ms(p(t, "intervention_start"))).toBeLessThan(NOW_MS);
      if (st === "scheduled") expect(ms(p(t, "intervention_start"))).toBeGreaterThan(NOW_MS);
      if (st === "done" || st === "report_available") expect(ms(p(t, "intervention_end"))).toBeLessThan(NOW_MS);
      if (st === "report_available") expect(p(t, "report_file_id")).toBeDefined();
      if (st !== "requested") expect(p(t, "intervention_start")).toBeDefined();
    }
    // No technician is in two places at once.
    const today = interventions().filter((t) => ["en_route", "on_site"].includes(stageOf(t) ?? ""));
    expect(new Set(today.map((t) => p(t, "hubspot_owner_id"))).size).toBe(today.length);
  });

  it("has past and future appointments in Paris working hours, never overlapping for a technician", () => {
    const meetings = objs("meetings");
    const outcomes = new Set(meetings.map((m) => p(m, "hs_meeting_outcome")));
    for (const o of ["SCHEDULED", "COMPLETED", "CANCELED", "RESCHEDULED"]) expect(outcomes).toContain(o);
    expect(meetings.some((m) => ms(p(m, "hs_meeting_start_time")) > NOW_MS)).toBe(true);
    expect(meetings.some((m) => ms(p(m, "hs_meeting_end_time")) < NOW_MS)).toBe(true);
    const hour = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "numeric", hourCycle: "h23" });
    const day = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", weekday: "short" });
    const active = meetings.filter((m) => p(m, "hs_meeting_outcome") !== "RESCHEDULED" && p(m, "hs_meeting_outcome") !== "CANCELED");
    for (const m of meetings) {
      const start = ms(p(m, "hs_meeting_start_time"));
      expect(p(m, "hs_timestamp")).toBe(p(m, "hs_meeting_start_time"));
      expect(ms(p(m, "hs_meeting_end_time"))).toBeGreaterThan(start);
      expect(related(seed.state, "meetings", "tickets", m.id)).toHaveLength(1);
      if (p(m, "hs_meeting_outcome") === "COMPLETED") expect(start).toBeLessThan(NOW_MS);
      const h = Number(hour.format(start));
      expect(h, `meeting ${m.id}`).toBeGreaterThanOrEqual(8);
      expect(h).toBeLessThan(19);
      expect(["Sat", "Sun"]).not.toContain(day.format(start));
    }
    for (let i = 0; i < active.length; i++)
      for (let j = i + 1; j < active.length; j++) {
        const a = active[i] as SandboxObject;
        const b = active[j] as SandboxObject;
        if (p(a, "hubspot_owner_id") !== p(b, "hubspot_owner_id")) continue;
        const overlap = ms(p(a, "hs_meeting_start_time")) < ms(p(b, "hs_meeting_end_time")) && ms(p(b, "hs_meeting_start_time")) < ms(p(a, "hs_meeting_end_time"));
        expect(overlap, `meetings ${a.id} and ${b.id}`).toBe(false);
      }
  });

  it("has quotes pending, signed, expired and refused, with totals equal to their lines per VAT rate", () => {
    const today = NOW.toISOString().slice(0, 10);
    const quotes = objs("quotes");
    const lines = byId(seed.state, "line_items");
    const state = (q: SandboxObject) =>
      p(q, "portal_signature_status") === "pending" ? ((p(q, "hs_expiration_date") ?? "") < today ? "expired" : "pending") : p(q, "portal_signature_status");
    expect(new Set(quotes.map(state))).toEqual(new Set(["pending", "signed", "expired", "refused"]));
    const rates = new Set<string>();
    for (const q of quotes) {
      const mine = related(seed.state, "quotes", "line_items", q.id).map((id) => lines.get(id) as SandboxObject);
      expect(mine.length).toBeGreaterThan(0);
      mine.forEach((l) => rates.add(p(l, "sage_vat_rate") ?? ""));
      const t = recompute(mine);
      expect(cents(p(q, "sage_total_ht"))).toBe(t.ht);
      expect(cents(p(q, "sage_total_tva"))).toBe(t.tva);
      expect(cents(p(q, "sage_total_ttc"))).toBe(t.ttc);
      expect(cents(p(q, "hs_quote_amount"))).toBe(t.ttc);
      expect(p(q, "sage_quote_number")).toMatch(/^DEV-\d{4}-\d{4}$/);
      const [dealId] = related(seed.state, "quotes", "deals", q.id);
      const deal = byId(seed.state, "deals").get(dealId ?? "");
      expect(p(deal as SandboxObject, "sage_quote_number")).toBe(p(q, "sage_quote_number"));
      // Deal lines are distinct records (HubSpot's rule) with the same content.
      const dealLines = related(seed.state, "deals", "line_items", dealId ?? "").map((id) => lines.get(id) as SandboxObject);
      expect(recompute(dealLines)).toEqual(t);
      if (state(q) === "signed") expect(p(q, "portal_signed_at")).toBeDefined();
    }
    expect(rates).toEqual(new Set(["20", "10", "5.5"]));
    expect(new Set(quotes.map((q) => p(q, "sage_quote_number"))).size).toBe(quotes.length);
    expect(quotes.some((q) => p(q, "customer_is_consumer") === "false")).toBe(true);
  });

  it("has invoices paid, open and overdue, consistent with their lines and the customers' Sage balance", () => {
    const today = NOW.toISOString().slice(0, 10);
    const invoices = objs("invoices");
    const lines = byId(seed.state, "line_items");
    const kind = (i: SandboxObject) => (p(i, "hs_invoice_status") === "paid" ? "paid" : (p(i, "hs_due_date") ?? "") < today ? "overdue" : "open");
    expect(new Set(invoices.map(kind))).toEqual(new Set(["paid", "open", "overdue"]));
    const owed = new Map<string, number>();
    for (const inv of invoices) {
      const t = recompute(related(seed.state, "invoices", "line_items", inv.id).map((id) => lines.get(id) as SandboxObject));
      expect(cents(p(inv, "sage_total_ttc"))).toBe(t.ttc);
      expect(cents(p(inv, "sage_total_ht"))).toBe(t.ht);
      expect(cents(p(inv, "sage_total_tva"))).toBe(t.tva);
      expect(cents(p(inv, "hs_amount_billed"))).toBe(t.ttc);
      expect(cents(p(inv, "hs_balance_due"))).toBe(t.ttc - cents(p(inv, "sage_amount_paid")));
      expect(p(inv, "hs_invoice_date") ?? "").not.toBe("");
      expect((p(inv, "hs_invoice_date") ?? "") <= (p(inv, "hs_due_date") ?? "")).toBe(true);
      expect(["30 jours fin de mois", "À réception"]).toContain(p(inv, "sage_payment_terms"));
      expect(p(inv, "sage_invoice_number")).toMatch(/^FAC-\d{4}-\d{4}$/);
      if (kind(inv) === "paid") expect(cents(p(inv, "hs_balance_due"))).toBe(0);
      else {
        expect(cents(p(inv, "hs_balance_due"))).toBeGreaterThan(0);
        const [contact] = related(seed.state, "invoices", "contacts", inv.id);
        owed.set(contact ?? "", (owed.get(contact ?? "") ?? 0) + cents(p(inv, "hs_balance_due")));
      }
    }
    for (const c of objs("contacts")) expect(cents(p(c, "sage_balance_due")), `${c.id}`).toBe(owed.get(c.id) ?? 0);
    expect(new Set(invoices.map((i) => p(i, "sage_invoice_number"))).size).toBe(invoices.length);
  });

  it("stores every referenced file, private, with matching size and JPEG/PDF bytes", () => {
    const files = new Map(seed.state.files.map((f) => [f.id, f]));
    expect(seed.fileBytes.size).toBe(files.size);
    const refs: { id: string; owner: string; kind: "jpg" | "pdf" | "any" }[] = [];
    for (const t of interventions()) {
      for (const id of (p(t, "photos_before_file_ids") ?? "").split(";").filter(Boolean)) refs.push({ id, owner: t.id, kind: "jpg" });
      for (const id of (p(t, "photos_after_file_ids") ?? "").split(";").filter(Boolean)) refs.push({ id, owner: t.id, kind: "jpg" });
      if (p(t, "report_file_id")) refs.push({ id: p(t, "report_file_id") ?? "", owner: t.id, kind: "pdf" });
    }
    for (const n of objs("notes")) for (const id of (p(n, "hs_attachment_ids") ?? "").split(";").filter(Boolean)) refs.push({ id, owner: related(seed.state, "notes", "tickets", n.id)[0] ?? "", kind: "any" });
    expect(refs.filter((r) => r.kind === "jpg").length).toBeGreaterThan(20);
    for (const r of refs) {
      const meta = files.get(r.id);
      const bytes = seed.fileBytes.get(r.id);
      expect(meta, `file ${r.id}`).toBeDefined();
      expect(bytes?.length).toBe(meta?.size);
      expect(meta?.access).toBe("PRIVATE");
      expect(meta?.path.startsWith(`/interventions/${r.owner}/`)).toBe(true);
      const head = Buffer.from(bytes?.subarray(0, 4) ?? []);
      if (meta?.extension === "jpg") {
        expect(head.subarray(0, 3).toString("hex")).toBe("ffd8ff");
        expect([meta.type, meta.mimeType, meta.width, meta.height]).toEqual(["IMG", "image/jpeg", 800, 600]);
      } else {
        expect(head.toString("latin1")).toBe("%PDF");
        expect([meta?.type, meta?.mimeType]).toEqual(["DOCUMENT", "application/pdf"]);
      }
      if (r.kind !== "any") expect(meta?.extension).toBe(r.kind);
    }
    // Images stay few enough for a fast seed.
    expect(seed.state.files.filter((f) => f.type === "IMG").length).toBeLessThanOrEqual(80);
  });

  it("keeps the phone's GPS position in the photos (the portal must strip it)", async () => {
    const images = seed.state.files.filter((f) => f.type === "IMG");
    const distinct = new Map<number, Uint8Array>();
    for (const f of images) distinct.set(f.size, seed.fileBytes.get(f.id) ?? new Uint8Array());
    for (const bytes of distinct.values()) {
      const gps = await readGps(bytes);
      expect(gps).toBeDefined();
      expect(gps?.lat).toBeGreaterThan(45.6);
      expect(gps?.lng).toBeGreaterThan(4.6);
    }
  });

  it("keeps internal staff notes hidden from the portal", () => {
    // Internal: neither the customer's (the portal's header) nor meant for them (« #client »).
    const isCustomer = (n: SandboxObject) => (p(n, "hs_note_body") ?? "").startsWith(CUSTOMER_NOTE_HEADER);
    const hidden = objs("notes").filter((n) => !isCustomer(n) && !STAFF_VISIBLE_MARKER.test(p(n, "hs_note_body") ?? ""));
    expect(hidden.length).toBeGreaterThan(0);
    for (const n of hidden) expect(p(n, "hubspot_owner_id")).toBeTruthy();
    for (const n of objs("notes")) expect((p(n, "hs_note_body") ?? "").replace(CUSTOMER_NOTE_HEADER, "").replace(/<\/?p>|<br>/g, "")).not.toMatch(/<[a-z]/i);
  });
});

describe("demo customers", () => {
  it("are two, with fixed identities, each with the full history the README promises", async () => {
    expect(seed.demoCustomers.map((d) => [d.name, d.email, d.phone])).toEqual([
      ["Camille Martin", "camille.martin@example.fr", "+33612345678"],
      ["Antoine Girard", "antoine.girard@example.com", "+33787654321"],
    ]);
    const s = seed.state;
    const tickets = byId(s, "tickets");
    const meetings = byId(s, "meetings");
    const quotes = byId(s, "quotes");
    const invoices = byId(s, "invoices");
    const notes = byId(s, "notes");
    const today = NOW.toISOString().slice(0, 10);
    for (const demo of seed.demoCustomers) {
      const contact = byId(s, "contacts").get(demo.contactId);
      expect(p(contact as SandboxObject, "email")).toBe(demo.email);
      const mine = related(s, "contacts", "tickets", demo.contactId).map((id) => tickets.get(id) as SandboxObject);
      const its = mine.filter((t) => p(t, "hs_pipeline") === pipelineIdByKey(s, "interventions"));
      const stages = its.map(stageOf);

      const enRoute = its.find((t) => stageOf(t) === "en_route");
      expect(enRoute, `${demo.name} en route`).toBeDefined();
      expect(ms(p(enRoute as SandboxObject, "eta")) - NOW_MS).toBeLessThan(HOUR_MS);

      const future = related(s, "contacts", "meetings", demo.contactId)
        .map((id) => meetings.get(id) as SandboxObject)
        .filter((m) => p(m, "hs_meeting_outcome") === "SCHEDULED" && ms(p(m, "hs_meeting_start_time")) > NOW_MS + 2 * HOUR_MS);
      expect(future.length, `${demo.name} future appointment`).toBeGreaterThan(0);
      expect(stages).toContain("scheduled");

      const reported = its.filter((t) => stageOf(t) === "report_available");
      expect(reported.length).toBeGreaterThanOrEqual(2);
      for (const t of reported) {
        expect((p(t, "photos_before_file_ids") ?? "").split(";").length).toBeGreaterThanOrEqual(2);
        expect((p(t, "photos_after_file_ids") ?? "").split(";").length).toBeGreaterThanOrEqual(2);
        const report = seed.fileBytes.get(p(t, "report_file_id") ?? "");
        const doc = await PDFDocument.load(report ?? new Uint8Array());
        expect(doc.getTitle()).toBe(`Rapport d'intervention INT-${t.id}`);
        // Demo photos were taken at the customer's address.
        const gps = await readGps(seed.fileBytes.get((p(t, "photos_before_file_ids") ?? "").split(";")[0] ?? "") ?? new Uint8Array());
        expect(gps?.lat).toBeCloseTo(Number(p(contact as SandboxObject, "geo_lat")), 3);
      }

      const qs = related(s, "contacts", "quotes", demo.contactId).map((id) => quotes.get(id) as SandboxObject);
      const sig = (q: SandboxObject) => p(q, "portal_signature_status");
      expect(qs.some((q) => sig(q) === "pending" && (p(q, "hs_expiration_date") ?? "") >= today), `${demo.name} pending quote`).toBe(true);
      expect(qs.some((q) => sig(q) === "signed")).toBe(true);
      expect(qs.some((q) => sig(q) === "pending" && (p(q, "hs_expiration_date") ?? "") < today), `${demo.name} expired quote`).toBe(true);

      const inv = related(s, "contacts", "invoices", demo.contactId).map((id) => invoices.get(id) as SandboxObject);
      expect(inv.some((i) => p(i, "hs_invoice_status") === "paid")).toBe(true);
      expect(inv.some((i) => p(i, "hs_invoice_status") === "open" && (p(i, "hs_due_date") ?? "") >= today), `${demo.name} open invoice`).toBe(true);
      expect(inv.some((i) => p(i, "hs_invoice_status") === "open" && (p(i, "hs_due_date") ?? "") < today), `${demo.name} overdue invoice`).toBe(true);
      expect(Number(p(contact as SandboxObject, "sage_balance_due"))).toBeGreaterThan(0);

      const open = mine.filter((t) => p(t, "hs_pipeline") === pipelineIdByKey(s, "service_desk") && stageOf(t) !== "closed");
      const unread = open.filter((t) => {
        const visible = related(s, "tickets", "notes", t.id)
          .map((id) => notes.get(id) as SandboxObject)
          .filter((n) => (p(n, "hs_note_body") ?? "").startsWith(CUSTOMER_NOTE_HEADER) || STAFF_VISIBLE_MARKER.test(p(n, "hs_note_body") ?? ""))
          .sort((a, b) => ms(p(a, "hs_timestamp")) - ms(p(b, "hs_timestamp")));
        return STAFF_VISIBLE_MARKER.test(p(visible[visible.length - 1] as SandboxObject, "hs_note_body") ?? "");
      });
      expect(unread.length, `${demo.name} staff reply`).toBeGreaterThan(0);
      expect(open.every((t) => stageOf(t) === stageKeyById(s, "service_desk", stageIdByKey(s, "service_desk", "waiting_customer") ?? ""))).toBe(true);
    }
  });
});

const HOUR_MS = 3_600_000;

describe("buildSeed at an awkward time", () => {
  it("still builds a coherent dataset on a Sunday night across the DST change", async () => {
    const now = new Date("2026-03-29T21:50:00.000Z"); // Sunday 23:50 in Paris, the day summer time starts
    const r = await buildSeed({ now });
    const meetings = r.state.objects.meetings;
    for (const m of meetings) if (m.properties.hs_meeting_outcome === "COMPLETED") expect(Date.parse(m.properties.hs_meeting_end_time ?? "")).toBeLessThan(now.getTime());
    const ids = new Set(r.state.objects.tickets.map((t) => t.id));
    for (const a of r.state.associations) if (a.toType === "tickets") expect(ids.has(a.toId)).toBe(true);
    for (const o of Object.values(r.state.objects).flat()) expect(Date.parse(o.updatedAt)).toBeLessThanOrEqual(now.getTime());
    expect(r.state.objects.contacts.length).toBe(seed.state.objects.contacts.length);
  });
});
