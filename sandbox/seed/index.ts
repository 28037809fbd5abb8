/**
 * The sandbox's demo dataset: a French electrician's HubSpot account around Lyon. Deterministic for
 * a given `now` (seeded PRNG, dates relative to `now`), so tests and demos are reproducible.
 * Everything is written in HubSpot's wire format: string ids, string property values.
 */
import { customerNoteBody, STAFF_VISIBLE_MARKER_TEXT } from "@/lib/hubspot/markers";
import { createHash } from "node:crypto";
import { daysBetween, parisDateOf, parisLocalToInstantLenient, toParisLocal } from "@/lib/time/paris";
import { isWorkingDay, liveAnchorAfter, liveAnchorBefore } from "./working-hours";
import { ASSOCIATION_TYPES, type CrmObjectType } from "@/lib/hubspot/spec";
import { INTERVENTION_TYPES, type InterventionStageKey, type ServiceDeskStageKey } from "@/lib/model/vocabulary";
import { emptyState, pipelineIdByKey, stageIdByKey, systemStampProperties, type PipelineKey } from "../state";
import type { SandboxFileMeta, SandboxObject, SandboxState, SeedResult } from "../types";
import {
  CATALOGUE,
  COMPANIES,
  CONVERSATION_TEMPLATES,
  ENGLISH_PEOPLE,
  FIRST_NAMES_F,
  FIRST_NAMES_M,
  INTERVENTION_TEMPLATES,
  LAST_NAMES,
  QUOTE_TEMPLATES,
  SKILL_TEAMS,
  OFFICE_USERS,
  TECHNICIANS,
  TOWNS,
  ZONE_TEAMS,
  type CatalogueItem,
  type ConversationTemplate,
  type QuoteTemplate,
  type Town,
  type VatClass,
} from "./data";
import { COMPANY, renderPhoto, renderReportPdf, type PhotoSubject } from "./media";
import { createRng, type Rng } from "./random";

const SEED = 0x2026d0e7;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type InterventionType = (typeof INTERVENTION_TYPES)[number]["value"];
type Props = Record<string, string | null | undefined>;

export const DEMO_CUSTOMERS = [
  { firstname: "Camille", lastname: "Martin", email: "camille.martin@example.fr", phone: "+33612345678", code: "CLI00042" },
  { firstname: "Antoine", lastname: "Girard", email: "antoine.girard@example.com", phone: "+33787654321", code: "CLI00057" },
] as const;

// ---------------------------------------------------------------------------------------------
// Time: Europe/Paris wall clock → UTC instants

// Paris time comes from the portal's DST-tested helpers (pure, no I/O), so the seed and the
// booking engine agree on every wall-clock conversion.
function parisFields(instant: number) {
  const { date, minutes } = toParisLocal(instant);
  const [y = 0, m = 0, d = 0] = date.split("-").map(Number);
  return { y, m, d, h: Math.floor(minutes / 60), mi: minutes % 60 };
}

/** The UTC instant of a Paris wall-clock time (DST-aware). */
function atParis(y: number, m: number, d: number, h: number, mi: number): number {
  // Callers pass out-of-range parts (day 0, hour 24…) and expect Date.UTC-style normalisation.
  const total = h * 60 + mi;
  const dayShift = Math.floor(total / 1440);
  const date = new Date(Date.UTC(y, m - 1, d + dayShift)).toISOString().slice(0, 10);
  return parisLocalToInstantLenient(date, total - dayShift * 1440);
}

const iso = (t: number) => new Date(t).toISOString();
const isoDate = (t: number) => parisDateOf(t);

class Clock {
  readonly now: number;
  private readonly today: { y: number; m: number; d: number };
  constructor(now: Date) {
    this.now = now.getTime();
    const f = parisFields(this.now);
    this.today = { y: f.y, m: f.m, d: f.d };
  }
  /** Paris calendar day `offset` days from today, as y/m/d. */
  day(offset: number) {
    const u = new Date(Date.UTC(this.today.y, this.today.m - 1, this.today.d + offset));
    return { y: u.getUTCFullYear(), m: u.getUTCMonth() + 1, d: u.getUTCDate(), weekday: u.getUTCDay() };
  }
  at(offset: number, h: number, mi = 0): number {
    const d = this.day(offset);
    return atParis(d.y, d.m, d.d, h, mi);
  }
  /** Calendar offset of the |n|-th working day (Mon–Fri) after (n > 0) or before (n < 0) today. */
  workday(n: number): number {
    const step = n >= 0 ? 1 : -1;
    let offset = 0;
    let left = Math.abs(n);
    while (left > 0) {
      offset += step;
      if (this.isWorkingDay(offset)) left--;
    }
    return offset;
  }
  /** Monday to Friday and not a French public holiday: the demo books no visit on 14 July. */
  isWorkingDay(offset: number): boolean {
    const d = this.day(offset);
    return isWorkingDay(`${d.y}-${String(d.m).padStart(2, "0")}-${String(d.d).padStart(2, "0")}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Money: integer cents, VAT per rate, as Sage computes it

const VAT_RATES: Record<VatClass, number> = { renovation: 10, energy: 5.5, standard: 20 };

export interface PricedLine {
  item: CatalogueItem;
  quantity: number;
  discount: number; // %
  vatRate: number;
  amountCents: number;
}

export function vatCents(htCents: number, rate: number): number {
  return Math.round((htCents * rate * 10) / 1000);
}

export function totals(lines: { amountCents: number; vatRate: number }[]) {
  const byRate = new Map<number, number>();
  for (const l of lines) byRate.set(l.vatRate, (byRate.get(l.vatRate) ?? 0) + l.amountCents);
  let ht = 0;
  let tva = 0;
  for (const [rate, base] of byRate) {
    ht += base;
    tva += vatCents(base, rate);
  }
  return { ht, tva, ttc: ht + tva };
}

const money = (cents: number) => (cents / 100).toFixed(2);

function priceLines(spec: [keyof typeof CATALOGUE, number][], business: boolean, discount = 0): PricedLine[] {
  return spec.map(([key, quantity]) => {
    const item = CATALOGUE[key];
    if (!item) throw new Error(`unknown catalogue item ${String(key)}`);
    // Works in a dwelling over two years old: 10 %, energy-saving equipment: 5.5 %; businesses: 20 %.
    const vatRate = business ? 20 : VAT_RATES[item.vat];
    const amountCents = Math.round(Math.round(item.price * 100) * quantity * (1 - discount / 100));
    return { item, quantity, discount, vatRate, amountCents };
  });
}

// ---------------------------------------------------------------------------------------------

interface Customer {
  id: string;
  firstname: string;
  lastname: string;
  name: string;
  email: string;
  phone: string;
  street: string;
  town: Town;
  lat: number;
  lng: number;
  business: boolean;
  company?: string;
  language: "fr" | "en";
  createdAt: number;
}

interface PendingFile {
  meta: SandboxFileMeta;
  bytes: Promise<Uint8Array>;
}

class SeedBuilder {
  readonly state: SandboxState;
  readonly rng: Rng;
  readonly clock: Clock;
  readonly files: PendingFile[] = [];
  private readonly folders = new Map<string, string>();
  private readonly busy = new Map<string, Set<number>>();
  private readonly propertyNames: Record<string, Set<string>>;
  private readonly photoPool = new Map<string, Promise<Uint8Array>>();
  readonly quotes: { at: number; objects: SandboxObject[]; customer: Customer }[] = [];
  readonly invoices: { at: number; invoice: SandboxObject }[] = [];

  constructor(now: Date) {
    this.clock = new Clock(now);
    this.rng = createRng(SEED);
    // The account and its schema exist long before the data.
    this.state = emptyState({ now: new Date(this.clock.now - 400 * DAY) });
    this.propertyNames = Object.fromEntries(Object.entries(this.state.properties).map(([t, ps]) => [t, new Set(ps.map((p) => p.name))]));
  }

  id(): string {
    return String(this.state.nextId++);
  }

  create(type: CrmObjectType, props: Props, createdAt: number, updatedAt = createdAt): SandboxObject {
    const id = this.id();
    const c = Math.min(createdAt, this.clock.now);
    const u = Math.min(Math.max(updatedAt, c), this.clock.now);
    const properties: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(props)) if (v !== undefined && v !== null) properties[k] = v;
    Object.assign(properties, systemStampProperties(type, id, iso(c), iso(u)));
    const known = this.propertyNames[type];
    for (const name of Object.keys(properties)) {
      // Fail the build, not the server, on a typo: the server rejects unknown properties.
      if (!known?.has(name)) throw new Error(`seed writes unknown ${type} property ${name}`);
    }
    const obj: SandboxObject = { id, properties, createdAt: iso(c), updatedAt: iso(u), archived: false };
    this.state.objects[type].push(obj);
    return obj;
  }

  touch(obj: SandboxObject, type: CrmObjectType, at: number) {
    const u = iso(Math.min(Math.max(at, Date.parse(obj.createdAt)), this.clock.now));
    if (u <= obj.updatedAt) return;
    obj.updatedAt = u;
    Object.assign(obj.properties, systemStampProperties(type, obj.id, obj.createdAt, u));
  }

  assoc(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, typeId: number) {
    this.state.associations.push({ fromType, fromId, toType, toId, typeId });
  }

  folderId(path: string): string {
    let id = this.folders.get(path);
    if (!id) {
      id = String(this.state.nextId++);
      this.folders.set(path, id);
    }
    return id;
  }

  addFile(folder: string, name: string, kind: "jpg" | "pdf", bytes: Promise<Uint8Array>, at: number, size?: { width: number; height: number }): string {
    const id = this.id();
    const t = iso(Math.min(at, this.clock.now));
    const meta: SandboxFileMeta = {
      id,
      name,
      extension: kind,
      type: kind === "jpg" ? "IMG" : "DOCUMENT",
      mimeType: kind === "jpg" ? "image/jpeg" : "application/pdf",
      size: 0, // set once the bytes are rendered
      access: "PRIVATE",
      path: `${folder}/${name}.${kind}`,
      parentFolderId: this.folderId(folder),
      createdAt: t,
      updatedAt: t,
      archived: false,
    };
    if (size) {
      meta.width = size.width;
      meta.height = size.height;
    }
    this.state.files.push(meta);
    this.files.push({ meta, bytes });
    return id;
  }

  /** Photos of ordinary customers come from a small pool (rendering is the slow part of the seed). */
  pooledPhoto(subject: PhotoSubject, kind: "before" | "after", variant: number): Promise<Uint8Array> {
    const key = `${subject}-${kind}-${variant}`;
    let p = this.photoPool.get(key);
    if (!p) {
      const titles: Record<PhotoSubject, string> = { panel: "Tableau électrique", socket: "Prise de courant", charger: "Borne de recharge" };
      p = renderPhoto({ kind, subject, title: titles[subject], seed: 1000 + variant * 7 + (subject === "panel" ? 0 : subject === "socket" ? 1 : 2) });
      this.photoPool.set(key, p);
    }
    return p;
  }

  /** A free two-hour slot for a technician on a working day, moving forward/backward when full. */
  slot(tech: string, offset: number, direction: 1 | -1): { start: number; end: number; offset: number } {
    const slots: [number, number, number][] = [
      [8, 0, 120],
      [10, 30, 120],
      [14, 0, 120],
      [16, 15, 105],
    ];
    let o = offset;
    for (let guard = 0; guard < 60; guard++) {
      if (this.clock.isWorkingDay(o)) {
        const key = `${tech}|${o}`;
        const used = this.busy.get(key) ?? new Set<number>();
        const first = this.rng.int(0, slots.length - 1);
        for (let k = 0; k < slots.length; k++) {
          const idx = (first + k) % slots.length;
          if (used.has(idx)) continue;
          const s = slots[idx];
          if (!s) continue;
          const start = this.clock.at(o, s[0], s[1]);
          // Today's slots must be clearly past or future, never "now", to keep stages coherent.
          if (o === 0 && Math.abs(start - this.clock.now) < 3 * HOUR) continue;
          if (direction === 1 && start <= this.clock.now) continue;
          if (direction === -1 && start + s[2] * MINUTE >= this.clock.now) continue;
          used.add(idx);
          this.busy.set(key, used);
          return { start, end: start + s[2] * MINUTE, offset: o };
        }
      }
      o += direction;
    }
    throw new Error("no free slot");
  }

  /** Technicians active right now are blocked for the whole day. */
  blockDay(tech: string, offset: number) {
    this.busy.set(`${tech}|${offset}`, new Set([0, 1, 2, 3]));
  }
}

const TECH_NAME = new Map<string, string>(TECHNICIANS.map((t) => [t.id, `${t.firstName} ${t.lastName}`]));
const TYPE_LABEL = new Map<string, string>(INTERVENTION_TYPES.map((t) => [t.value, t.label]));

function stripAccents(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

function stage(b: SeedBuilder, pipeline: PipelineKey, key: string): string {
  const id = stageIdByKey(b.state, pipeline, key);
  if (!id) throw new Error(`missing stage ${pipeline}/${key}`);
  return id;
}
function pipeline(b: SeedBuilder, key: PipelineKey): string {
  const id = pipelineIdByKey(b.state, key);
  if (!id) throw new Error(`missing pipeline ${key}`);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Owners and customers

function addOwners(b: SeedBuilder) {
  const created = iso(b.clock.now - 380 * DAY);
  b.state.owners = TECHNICIANS.map((t) => ({
    id: t.id,
    userId: t.userId,
    email: `${stripAccents(t.firstName).toLowerCase()}.${stripAccents(t.lastName).toLowerCase()}@duret-electricite.fr`,
    firstName: t.firstName,
    lastName: t.lastName,
    archived: false,
    createdAt: created,
    updatedAt: created,
    teams: [
      { id: ZONE_TEAMS[t.zone]?.id ?? "4402000", name: ZONE_TEAMS[t.zone]?.name ?? t.zone, primary: true },
      ...t.skills.map((s) => ({ id: SKILL_TEAMS[s]?.id ?? "4401000", name: SKILL_TEAMS[s]?.name ?? s, primary: false })),
    ],
  }));
  // Office users (no technician profile): the demo's staff identity and a deactivated former employee.
  for (const u of OFFICE_USERS) {
    b.state.owners.push({ id: u.id, userId: u.userId, email: u.email, firstName: u.firstName, lastName: u.lastName, archived: u.archived, createdAt: created, updatedAt: created, teams: [] });
  }
}

function addCustomer(
  b: SeedBuilder,
  c: Omit<Customer, "id" | "name" | "lat" | "lng" | "createdAt"> & { code: string; createdAgoDays: number },
): Customer {
  const { rng } = b;
  const lat = c.town.lat + (rng.next() - 0.5) * 0.012;
  const lng = c.town.lng + (rng.next() - 0.5) * 0.016;
  const createdAt = b.clock.now - c.createdAgoDays * DAY - rng.int(0, 8) * HOUR;
  const obj = b.create(
    "contacts",
    {
      firstname: c.firstname,
      lastname: c.lastname,
      email: c.email,
      hs_email_domain: c.email.split("@")[1],
      phone: c.phone,
      mobilephone: c.phone,
      address: c.street,
      zip: c.town.zip,
      city: c.town.city,
      country: "France",
      company: c.company,
      lifecyclestage: "customer",
      hs_language: c.language,
      portal_language: c.language,
      portal_customer_type: c.business ? "professionnel" : "particulier",
      hs_timezone: "europe_slash_paris",
      sage_customer_code: c.code,
      sage_balance_due: "0.00",
      geo_lat: lat.toFixed(6),
      geo_lng: lng.toFixed(6),
    },
    createdAt,
  );
  return { ...c, id: obj.id, name: `${c.firstname} ${c.lastname}`, lat, lng, createdAt };
}


// ---------------------------------------------------------------------------------------------
// Interventions (tickets) and appointments (meetings)

interface InterventionOpts {
  stage: InterventionStageKey;
  type: InterventionType;
  tech?: string;
  /** working-day offset for the slot (negative = past); ignored for requested/en_route/on_site */
  day?: number;
  photos?: "unique" | "pooled" | "none";
  rescheduled?: boolean;
  rating?: boolean;
  invoice?: "paid" | "open" | "overdue" | "none";
}

function pickTech(b: SeedBuilder, type: InterventionType, exclude: Set<string> = new Set()): string {
  const able = TECHNICIANS.filter((t) => (t.skills as readonly string[]).includes(type) && !exclude.has(t.id));
  return b.rng.pick(able.length ? able : TECHNICIANS).id;
}

function addIntervention(b: SeedBuilder, cust: Customer, o: InterventionOpts): SandboxObject {
  const { rng, clock } = b;
  const tpl = rng.pick(INTERVENTION_TEMPLATES[o.type]);
  const tech = o.tech ?? pickTech(b, o.type);
  const address = `${cust.street}, ${cust.town.zip} ${cust.town.city}`;
  let start: number | undefined;
  let end: number | undefined;
  let eta: number | undefined;
  let createdAt: number;
  let updatedAt: number;
  let closedAt: number | undefined;

  switch (o.stage) {
    case "requested":
      createdAt = clock.now - rng.int(2, 50) * HOUR;
      updatedAt = createdAt;
      break;
    case "en_route": {
      // Driving now: the appointment starts in ~20–40 minutes; at night or on a day off, on the next
      // working morning (a demo started at 03:00 shows no 04:22 arrival).
      const at = liveAnchorAfter(clock.now);
      start = Math.ceil((at + 30 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE;
      end = start + 2 * HOUR;
      eta = at + rng.int(18, 35) * MINUTE;
      createdAt = clock.now - rng.int(3, 12) * DAY;
      updatedAt = clock.now - rng.int(2, 9) * MINUTE;
      b.blockDay(tech, daysBetween(parisDateOf(clock.now), parisDateOf(at)));
      break;
    }
    case "on_site": {
      // On site since ~45 minutes; outside working hours, since the last working afternoon.
      const at = liveAnchorBefore(clock.now);
      start = Math.floor((at - 45 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE;
      end = start + 2 * HOUR;
      eta = start - 5 * MINUTE;
      createdAt = clock.now - rng.int(3, 12) * DAY;
      updatedAt = start + 2 * MINUTE;
      b.blockDay(tech, daysBetween(parisDateOf(clock.now), parisDateOf(at)));
      break;
    }
    default: {
      const future = o.stage === "scheduled" || (o.stage === "cancelled" && (o.day ?? -1) > 0);
      const s = b.slot(tech, clock.workday(o.day ?? (future ? rng.int(1, 15) : -rng.int(1, 200))), future ? 1 : -1);
      start = s.start;
      end = s.end;
      createdAt = start - rng.int(3, 20) * DAY;
      if (o.stage === "scheduled") updatedAt = createdAt + rng.int(1, 20) * HOUR;
      else if (o.stage === "cancelled") {
        closedAt = Math.min(start - rng.int(1, 3) * DAY, clock.now - HOUR);
        updatedAt = closedAt;
      } else {
        closedAt = end + rng.int(0, 30) * MINUTE;
        updatedAt = o.stage === "report_available" ? end + rng.int(20, 40) * HOUR : closedAt;
      }
    }
  }
  createdAt = Math.min(createdAt, clock.now - 30 * MINUTE);

  const priority = o.type === "depannage" ? "HIGH" : "MEDIUM";
  const rated = o.stage === "report_available" && o.rating;
  const ticket = b.create(
    "tickets",
    {
      subject: tpl.subject,
      content: tpl.content,
      hs_pipeline: pipeline(b, "interventions"),
      hs_pipeline_stage: stage(b, "interventions", o.stage),
      hs_ticket_priority: priority,
      source_type: rng.pick(["PHONE", "EMAIL", "FORM"]),
      hubspot_owner_id: tech,
      intervention_type: o.type,
      intervention_address: address,
      intervention_start: start !== undefined ? iso(start) : undefined,
      intervention_end: end !== undefined ? iso(end) : undefined,
      eta: eta !== undefined ? iso(eta) : undefined,
      closed_date: closedAt !== undefined ? iso(closedAt) : undefined,
      satisfaction_overall: rated ? String(rng.int(4, 5)) : undefined,
      satisfaction_technician: rated ? String(rng.int(4, 5)) : undefined,
      satisfaction_punctual: rated ? String(rng.chance(0.85)) : undefined,
      satisfaction_nps: rated ? String(rng.int(7, 10)) : undefined,
      satisfaction_comment: rated ? rng.pick(["Travail propre et soigné, merci !", "Technicien ponctuel et de bon conseil.", "Très satisfait, je recommande."]) : undefined,
    },
    createdAt,
    updatedAt,
  );
  b.assoc("tickets", ticket.id, "contacts", cust.id, ASSOCIATION_TYPES.ticket_to_contact);

  // Appointment(s)
  if (start !== undefined && end !== undefined) {
    if (o.rescheduled && o.stage === "scheduled") {
      // The first date, 2–6 days earlier at the same time of day, on a working day.
      const { date, minutes } = toParisLocal(start);
      let day = daysBetween(parisDateOf(clock.now), date) - rng.int(2, 6);
      while (!clock.isWorkingDay(day)) day--;
      const oldStart = clock.at(day, Math.floor(minutes / 60), minutes % 60);
      addMeeting(b, cust, ticket, tech, o.type, oldStart, oldStart + (end - start), "RESCHEDULED", createdAt, createdAt + 2 * DAY);
    }
    const outcome = o.stage === "cancelled" ? "CANCELED" : o.stage === "done" || o.stage === "report_available" ? "COMPLETED" : "SCHEDULED";
    addMeeting(b, cust, ticket, tech, o.type, start, end, outcome, createdAt + HOUR, closedAt ?? createdAt + HOUR);
  }

  // Photos and report
  if ((o.stage === "done" || o.stage === "report_available") && start !== undefined && end !== undefined) {
    const folder = `/interventions/${ticket.id}`;
    const attachments: string[] = [];
    const before: string[] = [];
    const after: string[] = [];
    const mode = o.photos ?? "pooled";
    if (mode !== "none") {
      const count = mode === "unique" ? 2 : 1;
      for (let i = 1; i <= count; i++) {
        for (const kind of ["before", "after"] as const) {
          const takenAt = kind === "before" ? start + 10 * MINUTE * i : end - 15 * MINUTE + i * MINUTE;
          const bytes =
            mode === "unique"
              ? renderPhoto({
                  kind,
                  subject: tpl.photo,
                  title: `${tpl.subject} — ${cust.town.city}`,
                  seed: Number(ticket.id) * 10 + i,
                  gps: { lat: cust.lat, lng: cust.lng },
                  takenAt: new Date(takenAt),
                })
              : b.pooledPhoto(tpl.photo, kind, rng.int(0, 1));
          const id = b.addFile(folder, `${kind === "before" ? "avant" : "apres"}-${i}`, "jpg", bytes, end + 5 * MINUTE, { width: 800, height: 600 });
          (kind === "before" ? before : after).push(id);
        }
      }
      attachments.push(...before, ...after);
    }
    let reportId: string | undefined;
    if (o.stage === "report_available") {
      const reference = `INT-${ticket.id}`;
      reportId = b.addFile(
        folder,
        `rapport-intervention-${reference}`,
        "pdf",
        renderReportPdf({
          reference,
          customerName: cust.company ? `${cust.company} (${cust.name})` : cust.name,
          address,
          technicianName: TECH_NAME.get(tech) ?? "Technicien Duret",
          interventionType: TYPE_LABEL.get(o.type) ?? o.type,
          date: new Date(start),
          findings: tpl.findings,
          work: tpl.work,
        }),
        updatedAt,
      );
      attachments.push(reportId);
    }
    Object.assign(ticket.properties, {
      ...(before.length ? { photos_before_file_ids: before.join(";") } : {}),
      ...(after.length ? { photos_after_file_ids: after.join(";") } : {}),
      ...(reportId ? { report_file_id: reportId } : {}),
    });
    if (attachments.length) {
      const note = b.create(
        "notes",
        {
          hs_note_body: `${STAFF_VISIBLE_MARKER_TEXT} ${reportId ? "Rapport d'intervention et photos avant/après." : "Photos avant/après de l'intervention."}`,
          hs_timestamp: iso(Math.min(updatedAt, clock.now)),
          hs_attachment_ids: attachments.join(";"),
          hubspot_owner_id: tech,
        },
        updatedAt,
      );
      b.assoc("notes", note.id, "tickets", ticket.id, ASSOCIATION_TYPES.note_to_ticket);
      b.assoc("notes", note.id, "contacts", cust.id, ASSOCIATION_TYPES.note_to_contact);
    }
  }

  // Invoice for finished work
  const inv = o.invoice ?? "none";
  if (inv !== "none" && end !== undefined && (o.stage === "done" || o.stage === "report_available")) {
    addInvoice(b, cust, { status: inv, date: end + rng.int(1, 3) * DAY, title: tpl.subject, lines: priceLines(tpl.invoice, cust.business) });
  }
  return ticket;
}

function addMeeting(
  b: SeedBuilder,
  cust: Customer,
  ticket: SandboxObject,
  tech: string,
  type: InterventionType,
  start: number,
  end: number,
  outcome: "SCHEDULED" | "COMPLETED" | "RESCHEDULED" | "CANCELED",
  createdAt: number,
  updatedAt: number,
) {
  const { rng } = b;
  const location = `${cust.street}, ${cust.town.zip} ${cust.town.city}`;
  const meeting = b.create(
    "meetings",
    {
      hs_timestamp: iso(start),
      hs_meeting_title: `${TYPE_LABEL.get(type) ?? "Intervention"} — ${cust.name}`,
      hs_meeting_body: `Intervention Duret Électricité : ${ticket.properties.subject ?? ""}. Technicien : ${TECH_NAME.get(tech) ?? ""}.`,
      hs_internal_meeting_notes: rng.chance(0.4)
        ? rng.pick(["Code portail 2580B, se garer dans la cour.", "Chien dans le jardin, prévenir à l'arrivée.", "Prévoir l'escabeau long (plafond 3,20 m).", "Client à relancer pour le paiement de la facture précédente."])
        : undefined,
      hs_meeting_location: location,
      hs_meeting_location_type: "ADDRESS",
      hs_meeting_start_time: iso(start),
      hs_meeting_end_time: iso(end),
      hs_meeting_outcome: outcome,
      hs_meeting_source: "CRM_UI",
      hs_attendee_owner_ids: tech,
      hubspot_owner_id: tech,
    },
    createdAt,
    updatedAt,
  );
  b.assoc("meetings", meeting.id, "contacts", cust.id, ASSOCIATION_TYPES.meeting_to_contact);
  b.assoc("meetings", meeting.id, "tickets", ticket.id, ASSOCIATION_TYPES.meeting_to_ticket);
}

// ---------------------------------------------------------------------------------------------
// Quotes (deal + quote + line items) and invoices

function lineItemProps(l: PricedLine, position: number): Props {
  return {
    name: l.item.name,
    description: l.item.description,
    hs_sku: l.item.sku,
    quantity: String(l.quantity),
    price: money(Math.round(l.item.price * 100)),
    amount: money(l.amountCents),
    hs_discount_percentage: l.discount ? String(l.discount) : undefined,
    hs_pre_discount_amount: l.discount ? money(Math.round(Math.round(l.item.price * 100) * l.quantity)) : undefined,
    tax: money(vatCents(l.amountCents, l.vatRate)),
    hs_line_item_currency_code: "EUR",
    hs_position_on_quote: String(position),
    sage_vat_rate: String(l.vatRate),
    sage_unit: l.item.unit,
  };
}

function addLines(b: SeedBuilder, parentType: CrmObjectType, parentId: string, typeId: number, lines: PricedLine[], at: number) {
  lines.forEach((l, i) => {
    const li = b.create("line_items", lineItemProps(l, i), at);
    b.assoc(parentType, parentId, "line_items", li.id, typeId);
  });
}

type QuoteState = "pending" | "signed" | "expired" | "refused";

function addQuote(b: SeedBuilder, cust: Customer, o: { state: QuoteState; template?: QuoteTemplate; sentDaysAgo?: number; workDone?: boolean; invoice?: "paid" | "open" | "overdue" }) {
  const { rng, clock } = b;
  const tpl = o.template ?? rng.pick(QUOTE_TEMPLATES);
  const lines = priceLines(tpl.lines, cust.business, tpl.discount ?? 0);
  const t = totals(lines);
  const validity = 30;
  const sentAgo =
    o.sentDaysAgo ?? (o.state === "pending" ? rng.int(1, 20) : o.state === "expired" ? rng.int(validity + 3, validity + 90) : rng.int(5, 200));
  const sentAt = clock.at(clock.workday(-Math.max(1, Math.round((sentAgo * 5) / 7))), rng.int(9, 17), rng.pick([0, 15, 30, 45]));
  const expires = sentAt + validity * DAY;
  const decidedAt = Math.min(sentAt + rng.int(1, Math.max(1, Math.min(20, sentAgo - 1))) * DAY + rng.int(0, 8) * HOUR, clock.now - 2 * HOUR);
  const tech = pickTech(b, tpl.title.includes("borne") ? "borne_recharge" : "mise_aux_normes");
  const signed = o.state === "signed";
  const dealStage = signed ? (o.workDone ? "work_done" : "quote_signed") : o.state === "pending" ? "quote_sent" : "lost";
  const updatedAt = o.state === "pending" || o.state === "expired" ? sentAt : decidedAt;

  const deal = b.create(
    "deals",
    {
      dealname: `${tpl.title} — ${cust.name}`,
      pipeline: pipeline(b, "quotes"),
      dealstage: stage(b, "quotes", dealStage),
      amount: money(t.ttc),
      deal_currency_code: "EUR",
      dealtype: "newbusiness",
      hubspot_owner_id: tech,
      closedate: o.state === "pending" ? iso(expires) : o.state === "expired" ? iso(expires) : iso(decidedAt),
      closed_lost_reason: o.state === "expired" ? "Devis expiré sans réponse du client" : o.state === "refused" ? "Refusé par le client depuis l'espace client" : undefined,
    },
    sentAt - 2 * DAY,
    updatedAt,
  );
  b.assoc("deals", deal.id, "contacts", cust.id, ASSOCIATION_TYPES.deal_to_contact);
  addLines(b, "deals", deal.id, ASSOCIATION_TYPES.deal_to_line_item, lines, sentAt - 2 * DAY);

  const quote = b.create(
    "quotes",
    {
      hs_title: tpl.title,
      hs_expiration_date: isoDate(expires),
      hs_status: "APPROVAL_NOT_NEEDED",
      hs_template_type: "CPQ_QUOTE",
      hs_acceptance_method: "esignature",
      hs_locked: "true",
      hs_currency: "EUR",
      hs_language: cust.language,
      hs_locale: cust.language === "fr" ? "fr-fr" : "en-gb",
      hs_quote_amount: money(t.ttc),
      hs_sign_status: signed ? "ESIGN_COMPLETED" : o.state === "pending" ? "ESIGN_PENDING" : "NOT_SIGNED",
      hs_esign_date: signed ? iso(decidedAt) : undefined,
      hs_esign_num_signers_required: "1",
      hs_terms: "Devis valable 30 jours. Acompte de 30 % à la commande, solde à la fin des travaux. TVA applicable selon la nature des travaux (logement de plus de deux ans).",
      hs_comments: "Garantie décennale et responsabilité civile professionnelle souscrites.",
      hs_sender_firstname: "Philippe",
      hs_sender_lastname: "Duret",
      hs_sender_email: "philippe.duret@duret-electricite.fr",
      hs_sender_phone: COMPANY.phoneE164,
      hs_sender_company_name: COMPANY.name,
      hs_sender_company_address: COMPANY.address,
      hs_sender_company_city: COMPANY.city,
      hs_sender_company_zipcode: COMPANY.zip,
      hs_sender_company_country: "France",
      sage_total_ht: money(t.ht),
      sage_total_tva: money(t.tva),
      sage_total_ttc: money(t.ttc),
      portal_signature_status: signed ? "signed" : o.state === "refused" ? "refused" : "pending",
      portal_signed_at: signed ? iso(decidedAt) : undefined,
      customer_is_consumer: String(!cust.business),
    },
    sentAt - DAY,
    updatedAt,
  );
  b.assoc("quotes", quote.id, "deals", deal.id, ASSOCIATION_TYPES.quote_to_deal);
  b.assoc("quotes", quote.id, "contacts", cust.id, ASSOCIATION_TYPES.quote_to_contact);
  addLines(b, "quotes", quote.id, ASSOCIATION_TYPES.quote_to_line_item, lines, sentAt - DAY);
  b.quotes.push({ at: sentAt, objects: [deal, quote], customer: cust });

  if (signed && o.invoice) {
    const inv = addInvoice(b, cust, { status: o.invoice, date: Math.min(decidedAt + rng.int(10, 25) * DAY, clock.now - DAY), title: tpl.title, lines, terms: "30 jours fin de mois" });
    b.assoc("invoices", inv.id, "deals", deal.id, ASSOCIATION_TYPES.invoice_to_deal);
  }
  return { deal, quote };
}

/** Sage's "30 jours fin de mois": 30 days, then the end of that month. */
function dueDate(invoiceAt: number, terms: string): number {
  if (terms === "À réception") return invoiceAt;
  const f = parisFields(invoiceAt + 30 * DAY);
  return atParis(f.y, f.m + 1, 0, 12, 0); // day 0 of next month = last day of this month
}

function addInvoice(
  b: SeedBuilder,
  cust: Customer,
  o: { status: "paid" | "open" | "overdue"; date: number; title: string; lines: PricedLine[]; terms?: string; partial?: boolean; hostedPage?: boolean },
): SandboxObject {
  const { rng, clock } = b;
  const t = totals(o.lines);
  let date = Math.min(o.date, clock.now - HOUR);
  let terms = o.terms ?? (cust.business ? "30 jours fin de mois" : "À réception");
  if (o.status === "open") {
    // Still within its terms: issued recently, payable at the end of next month.
    terms = "30 jours fin de mois";
    if (dueDate(date, terms) < clock.now) date = clock.now - rng.int(1, 10) * DAY;
  }
  if (o.status === "overdue" && dueDate(date, terms) >= clock.now - 2 * DAY) date = clock.now - rng.int(65, 110) * DAY;
  const due = dueDate(date, terms);
  const paidCents = o.status === "paid" ? t.ttc : o.partial ? Math.round(t.ttc * 0.3) : 0;
  const paidAt = o.status === "paid" ? Math.min(due + rng.int(-3, 10) * DAY, clock.now - HOUR) : undefined;
  const invoice = b.create(
    "invoices",
    {
      hs_title: o.title,
      hs_invoice_status: o.status === "paid" ? "paid" : "open",
      hs_currency: "EUR",
      hs_invoice_date: isoDate(date),
      hs_due_date: isoDate(due),
      hs_payment_date: paidAt !== undefined ? iso(Math.max(paidAt, date)) : undefined,
      hs_amount_billed: money(t.ttc),
      hs_amount_paid: money(paidCents),
      hs_balance_due: money(t.ttc - paidCents),
      hs_subtotal: money(t.ht),
      hs_tax: money(t.tva),
      hs_invoice_billable: "true",
      hs_invoice_payment_collection_method: "manual",
      hs_language: cust.language,
      hs_locale: cust.language === "fr" ? "fr-fr" : "en-gb",
      hs_comments: o.status === "overdue" ? "Relance envoyée." : undefined,
      sage_total_ht: money(t.ht),
      sage_total_tva: money(t.tva),
      sage_total_ttc: money(t.ttc),
      sage_amount_paid: money(paidCents),
      sage_payment_terms: terms,
    },
    date,
    paidAt !== undefined ? Math.max(paidAt, date) : date,
  );
  // HubSpot gives a hosted page (where the buyer pays when HubSpot payments or Stripe is set up) and
  // its PDF for some invoices, none for others (e.g. issued before payments were set up): every
  // other one here, unless the demo story says otherwise. The token stands in for HubSpot's own.
  if (o.hostedPage ?? Number(invoice.id) % 2 === 0) {
    const token = createHash("sha256").update(`invoice:${invoice.id}`).digest("base64url").slice(0, 16);
    invoice.properties.hs_invoice_link = `https://app-eu1.hubspot.com/payments/${token}`;
    invoice.properties.hs_pdf_download_link = `https://app-eu1.hubspot.com/payments/${token}/pdf`;
  }
  b.assoc("invoices", invoice.id, "contacts", cust.id, ASSOCIATION_TYPES.invoice_to_contact);
  addLines(b, "invoices", invoice.id, ASSOCIATION_TYPES.invoice_to_line_item, o.lines, date);
  b.invoices.push({ at: date, invoice });
  return invoice;
}

// ---------------------------------------------------------------------------------------------
// Service-desk conversations

function addConversation(b: SeedBuilder, cust: Customer, tpl: ConversationTemplate, o: { startedDaysAgo: number; closed?: boolean; messages?: number }) {
  const { rng, clock } = b;
  const messages = tpl.messages.slice(0, o.messages ?? tpl.messages.length);
  const staffOwner = rng.pick(TECHNICIANS).id;
  let t = clock.now - o.startedDaysAgo * DAY - rng.int(1, 6) * HOUR;
  const times = messages.map((_, i) => {
    if (i > 0) t += rng.int(2, 30) * HOUR;
    t = Math.min(t, clock.now - (messages.length - i) * 20 * MINUTE);
    return t;
  });
  const visible = messages.filter(([a]) => a !== "internal");
  const last = visible[visible.length - 1]?.[0];
  const stageKey: ServiceDeskStageKey = o.closed ? "closed" : last === "staff" ? "waiting_customer" : visible.length <= 1 ? "new" : "waiting_staff";
  const first = times[0] ?? clock.now - DAY;
  const lastAt = times[times.length - 1] ?? first;
  const closedAt = o.closed ? Math.min(lastAt + 2 * DAY, clock.now - HOUR) : undefined;
  const ticket = b.create(
    "tickets",
    {
      subject: tpl.subject,
      content: messages[0]?.[1] ?? "",
      hs_pipeline: pipeline(b, "service_desk"),
      hs_pipeline_stage: stage(b, "service_desk", stageKey),
      request_kind: tpl.kind,
      hs_ticket_priority: "MEDIUM",
      hs_ticket_category: tpl.kind === "quote_request" ? "GENERAL_INQUIRY" : tpl.kind === "after_sales" ? "PRODUCT_ISSUE" : "GENERAL_INQUIRY",
      source_type: "FORM",
      hubspot_owner_id: staffOwner,
      closed_date: closedAt !== undefined ? iso(closedAt) : undefined,
      last_reply_date: iso(lastAt),
    },
    first,
    closedAt ?? lastAt,
  );
  b.assoc("tickets", ticket.id, "contacts", cust.id, ASSOCIATION_TYPES.ticket_to_contact);
  messages.forEach(([author, text], i) => {
    const at = times[i] ?? first;
    const note = b.create(
      "notes",
      {
        // As the portal and staff write them (lib/hubspot/markers.ts): the customer's through the
        // portal with its header, staff replies meant for the customer after « #client », internal ones plain.
        hs_note_body: author === "customer" ? customerNoteBody(text) : author === "internal" ? text : `${STAFF_VISIBLE_MARKER_TEXT} ${text}`,
        hs_timestamp: iso(at),
        hubspot_owner_id: author === "customer" ? undefined : staffOwner,
      },
      at,
    );
    b.assoc("notes", note.id, "tickets", ticket.id, ASSOCIATION_TYPES.note_to_ticket);
    b.assoc("notes", note.id, "contacts", cust.id, ASSOCIATION_TYPES.note_to_contact);
  });
  return ticket;
}

// ---------------------------------------------------------------------------------------------

function makeCustomers(b: SeedBuilder): { demo: Customer[]; others: Customer[] } {
  const { rng } = b;
  const demo = [
    addCustomer(b, {
      ...DEMO_CUSTOMERS[0],
      street: "18 rue Vendôme",
      town: TOWNS.find((t) => t.zip === "69006") ?? (TOWNS[0] as Town),
      business: false,
      language: "fr",
      createdAgoDays: 420,
    }),
    addCustomer(b, {
      ...DEMO_CUSTOMERS[1],
      street: "7 chemin du Petit Bois",
      town: TOWNS.find((t) => t.zip === "69130") ?? (TOWNS[0] as Town),
      business: false,
      language: "fr",
      createdAgoDays: 300,
    }),
  ];
  const others: Customer[] = [];
  const usedEmails = new Set<string>(DEMO_CUSTOMERS.map((d) => d.email));
  const usedPhones = new Set<string>(DEMO_CUSTOMERS.map((d) => d.phone));
  const usedCodes = new Set<string>(DEMO_CUSTOMERS.map((d) => d.code));
  const lastNames = rng.shuffle(LAST_NAMES);
  const domains = ["example.fr", "example.com", "example.net"];
  const count = 56;
  for (let i = 0; i < count; i++) {
    let firstname: string;
    let lastname: string;
    let language: "fr" | "en" = "fr";
    if (i % 19 === 7 && ENGLISH_PEOPLE[Math.floor(i / 19)]) {
      [firstname, lastname] = ENGLISH_PEOPLE[Math.floor(i / 19)] as [string, string];
      language = "en";
    } else {
      firstname = rng.chance(0.5) ? rng.pick(FIRST_NAMES_F) : rng.pick(FIRST_NAMES_M);
      lastname = lastNames[i % lastNames.length] ?? "Durand";
    }
    const local = `${stripAccents(firstname)}.${stripAccents(lastname)}`.toLowerCase().replace(/[^a-z.-]/g, "");
    let email = `${local}@${rng.pick(domains)}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${rng.pick(domains)}`;
    usedEmails.add(email);
    let phone: string;
    do phone = `+33${rng.pick(["6", "7"])}${String(rng.int(10_000_000, 99_999_999))}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    let code: string;
    do code = `CLI${String(rng.int(100, 1850)).padStart(5, "0")}`;
    while (usedCodes.has(code));
    usedCodes.add(code);
    const town = rng.pick(TOWNS);
    const company = i % 14 === 3 ? COMPANIES[Math.floor(i / 14)] : undefined;
    others.push(
      addCustomer(b, {
        firstname,
        lastname,
        email,
        phone,
        code,
        street: `${rng.int(1, 140)}${rng.chance(0.1) ? " bis" : ""} ${rng.pick(town.streets)}`,
        town,
        business: company !== undefined,
        company,
        language,
        createdAgoDays: rng.int(15, 900),
      }),
    );
  }
  return { demo, others };
}

function demoHistories(b: SeedBuilder, [camille, antoine]: Customer[]) {
  if (!camille || !antoine) throw new Error("demo customers");
  const T = TECHNICIANS;
  // Camille Martin: apartment in Lyon 6e, tableau renewed last year, bathroom next.
  addIntervention(b, camille, { stage: "report_available", type: "diagnostic", tech: T[0].id, day: -150, photos: "unique", rating: true, invoice: "paid" });
  addIntervention(b, camille, { stage: "report_available", type: "depannage", tech: T[2].id, day: -25, photos: "unique", invoice: "overdue" });
  addIntervention(b, camille, { stage: "done", type: "entretien", tech: T[2].id, day: -2, photos: "unique" });
  addIntervention(b, camille, { stage: "en_route", type: "depannage", tech: T[0].id });
  addIntervention(b, camille, { stage: "scheduled", type: "mise_aux_normes", tech: T[3].id, day: 6, rescheduled: true });
  addIntervention(b, camille, { stage: "cancelled", type: "diagnostic", tech: T[3].id, day: -60 });
  const tpl = (title: string) => QUOTE_TEMPLATES.find((q) => q.title.startsWith(title)) ?? (QUOTE_TEMPLATES[0] as QuoteTemplate);
  addQuote(b, camille, { state: "pending", template: tpl("Rénovation électrique de la salle"), sentDaysAgo: 4 });
  addQuote(b, camille, { state: "signed", template: tpl("Mise aux normes du tableau"), sentDaysAgo: 130, workDone: true, invoice: "paid" });
  addQuote(b, camille, { state: "expired", template: tpl("Régulation du chauffage"), sentDaysAgo: 75 });
  addInvoice(b, camille, { status: "open", date: b.clock.now - 3 * DAY, title: "Contrôle annuel de l'installation", lines: priceLines([["controle", 1]], false), hostedPage: true });
  addConversation(b, camille, CONVERSATION_TEMPLATES[0] as ConversationTemplate, { startedDaysAgo: 3 });
  addConversation(b, camille, CONVERSATION_TEMPLATES[1] as ConversationTemplate, { startedDaysAgo: 120, closed: true });

  // Antoine Girard: house in Écully, electric car, charging station installed.
  addIntervention(b, antoine, { stage: "report_available", type: "borne_recharge", tech: T[1].id, day: -40, photos: "unique", invoice: "paid" });
  addIntervention(b, antoine, { stage: "report_available", type: "mise_aux_normes", tech: T[3].id, day: -90, photos: "unique", rating: true });
  addIntervention(b, antoine, { stage: "en_route", type: "entretien", tech: T[4].id });
  addIntervention(b, antoine, { stage: "scheduled", type: "diagnostic", tech: T[3].id, day: 3 });
  addIntervention(b, antoine, { stage: "requested", type: "depannage" });
  addQuote(b, antoine, { state: "pending", template: tpl("Ajout de prises"), sentDaysAgo: 8 });
  addQuote(b, antoine, { state: "signed", template: tpl("Installation d'une borne"), sentDaysAgo: 70, workDone: true, invoice: "open" });
  addQuote(b, antoine, { state: "expired", template: tpl("Remplacement de l'interphone"), sentDaysAgo: 50 });
  addQuote(b, antoine, { state: "refused", template: tpl("Mise à la terre"), sentDaysAgo: 35 });
  addInvoice(b, antoine, { status: "overdue", date: b.clock.now - 80 * DAY, title: "Mise aux normes du tableau électrique", lines: priceLines([["differentiel", 1], ["mainOeuvre", 2]], false), partial: true, hostedPage: false });
  addConversation(b, antoine, CONVERSATION_TEMPLATES[3] as ConversationTemplate, { startedDaysAgo: 2 });
  addConversation(b, antoine, CONVERSATION_TEMPLATES[5] as ConversationTemplate, { startedDaysAgo: 200, closed: true });
}

function otherHistories(b: SeedBuilder, others: Customer[]) {
  const { rng } = b;
  const types = INTERVENTION_TYPES.map((t) => t.value);
  const pastStages: InterventionStageKey[] = ["report_available", "report_available", "report_available", "done", "cancelled"];
  let pooledPhotoBudget = 22; // interventions with pooled photos (2 files each)
  const activeTechs = new Set<string>([TECHNICIANS[0].id, TECHNICIANS[4].id]); // busy with the demo customers today
  others.forEach((cust, i) => {
    // Right now: one more technician driving, two on site.
    if (i < 3) {
      const type = rng.pick(types);
      const tech = pickTech(b, type, activeTechs);
      activeTechs.add(tech);
      addIntervention(b, cust, { stage: i === 0 ? "en_route" : "on_site", type, tech });
    }
    const past = rng.int(0, 3);
    for (let k = 0; k < past; k++) {
      const st = rng.pick(pastStages);
      const photos = (st === "done" || st === "report_available") && pooledPhotoBudget > 0 ? "pooled" : "none";
      if (photos === "pooled") pooledPhotoBudget--;
      addIntervention(b, cust, {
        stage: st,
        type: rng.pick(types),
        photos,
        rating: rng.chance(0.5),
        invoice: st === "cancelled" ? "none" : rng.pick(["paid", "paid", "paid", "paid", "open", "overdue", "none"]),
      });
    }
    if (rng.chance(0.45)) addIntervention(b, cust, { stage: "scheduled", type: rng.pick(types), rescheduled: rng.chance(0.15) });
    if (rng.chance(0.15)) addIntervention(b, cust, { stage: "requested", type: rng.pick(types) });
    if (rng.chance(0.06)) addIntervention(b, cust, { stage: "cancelled", type: rng.pick(types), day: rng.int(2, 10) });
    if (rng.chance(0.55)) {
      const state = rng.pick<QuoteState>(["pending", "signed", "signed", "expired", "refused"]);
      addQuote(b, cust, { state, workDone: rng.chance(0.5), invoice: state === "signed" && rng.chance(0.5) ? rng.pick(["paid", "open", "overdue"]) : undefined });
    }
    if (i % 4 === 1) {
      const tpl = CONVERSATION_TEMPLATES[(i >> 2) % CONVERSATION_TEMPLATES.length] as ConversationTemplate;
      addConversation(b, cust, tpl, { startedDaysAgo: rng.int(1, 60), closed: rng.chance(0.3) });
    }
  });
}

/** Sage numbers follow issue dates, so they are assigned once everything exists. */
function assignSageNumbers(b: SeedBuilder) {
  const bySeq = <T extends { at: number }>(xs: T[]) => [...xs].sort((x, y) => x.at - y.at);
  const counters = new Map<string, number>();
  const next = (prefix: string, at: number) => {
    const year = parisFields(at).y;
    const key = `${prefix}-${year}`;
    const n = (counters.get(key) ?? (prefix === "DEV" ? 101 : 287)) + 1;
    counters.set(key, n);
    return `${key}-${String(n).padStart(4, "0")}`;
  };
  for (const q of bySeq(b.quotes)) {
    const number = next("DEV", q.at);
    const [deal, quote] = q.objects;
    if (!deal || !quote) continue;
    deal.properties.sage_quote_number = number;
    deal.properties.dealname = `Devis ${number} — ${q.customer.name}`;
    quote.properties.sage_quote_number = number;
    quote.properties.hs_quote_number = number;
    quote.properties.hs_title = `Devis ${number} — ${quote.properties.hs_title ?? ""}`;
  }
  for (const inv of bySeq(b.invoices)) {
    const number = next("FAC", inv.at);
    inv.invoice.properties.sage_invoice_number = number;
    inv.invoice.properties.hs_number = number;
  }
}

/** Sage's balance is the sum of what the customer still owes on open invoices. */
function settleBalances(b: SeedBuilder) {
  const due = new Map<string, number>();
  const invoices = new Map(b.state.objects.invoices.map((i) => [i.id, i]));
  for (const a of b.state.associations) {
    if (a.fromType !== "invoices" || a.toType !== "contacts") continue;
    const inv = invoices.get(a.fromId);
    if (!inv || inv.properties.hs_invoice_status !== "open") continue;
    due.set(a.toId, (due.get(a.toId) ?? 0) + Math.round(Number(inv.properties.hs_balance_due ?? "0") * 100));
  }
  for (const c of b.state.objects.contacts) c.properties.sage_balance_due = money(due.get(c.id) ?? 0);
}

export async function buildSeed(opts: { now?: Date } = {}): Promise<SeedResult> {
  const b = new SeedBuilder(opts.now ?? new Date());
  addOwners(b);
  const { demo, others } = makeCustomers(b);
  demoHistories(b, demo);
  otherHistories(b, others);
  assignSageNumbers(b);
  settleBalances(b);

  const fileBytes = new Map<string, Uint8Array>();
  const rendered = await Promise.all(b.files.map((f) => f.bytes));
  b.files.forEach((f, i) => {
    const bytes = rendered[i];
    if (!bytes) throw new Error(`file ${f.meta.id} not rendered`);
    f.meta.size = bytes.length;
    fileBytes.set(f.meta.id, bytes);
  });

  const [camille, antoine] = demo;
  if (!camille || !antoine) throw new Error("demo customers");
  return {
    state: b.state,
    fileBytes,
    demoCustomers: [
      {
        contactId: camille.id,
        email: camille.email,
        phone: camille.phone,
        name: camille.name,
        description:
          "Appartement à Lyon 6e : technicien en route aujourd'hui, rendez-vous à venir (reporté une fois), interventions passées avec photos et rapports, devis à signer / signé / expiré, factures payée / ouverte / en retard, une réponse non lue du service client.",
      },
      {
        contactId: antoine.id,
        email: antoine.email,
        phone: antoine.phone,
        name: antoine.name,
        description:
          "Maison à Écully avec borne de recharge : technicien en route aujourd'hui, diagnostic planifié, demande d'intervention en attente, rapports avec photos, devis à signer / signé / expiré / refusé, factures payée / ouverte / en retard (acompte partiel), une réponse non lue du service client.",
      },
    ],
  };
}

