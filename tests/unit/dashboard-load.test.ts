import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { Appointment, Conversation, Intervention, Invoice, Quote } from "@/lib/model/types";

// The data layer is replaced by per-customer fixtures: the loader must ask for the session's
// customer only, start every read at once, and turn each into its section.
const reads: string[] = [];
const data: Record<string, { appointments: Appointment[]; quotes: Quote[]; invoices: Invoice[]; interventions: Intervention[]; conversations: Conversation[] }> = {};
let failInvoices = false;
let gate: Promise<void> = Promise.resolve();

function read<K extends keyof (typeof data)[string]>(key: K) {
  return async (contactId: string) => {
    reads.push(`${key}:${contactId}`);
    await gate;
    if (key === "invoices" && failInvoices) throw new AppError("UPSTREAM_UNAVAILABLE", "hubspot down");
    const customer = data[contactId];
    if (!customer) throw new AppError("NOT_FOUND", "no such contact");
    return customer[key];
  };
}
vi.mock("@/lib/hubspot/queries", () => ({
  listAppointments: read("appointments"),
  listQuotes: read("quotes"),
  listInvoices: read("invoices"),
  listInterventions: read("interventions"),
  listConversations: read("conversations"),
}));
// The merge with the portal's own bookings is tested on a database (tests/db/dashboard-bookings.test.ts).
vi.mock("@/lib/bookings/list-appointments", () => ({
  listCustomerAppointments: async (contactId: string) => ({ items: (await read("appointments")(contactId)).map((a) => ({ ...a, booking: null })), partial: false }),
}));
const { loadDashboard } = await import("@/lib/dashboard/load-dashboard");

const tech = { id: "71", firstName: "Julien", lastName: "Moreau", email: null };
const visit = (id: string, start: string, contact: string): Appointment => ({
  id,
  title: `Visite ${contact}`,
  start,
  end: null,
  location: contact === "101" ? "12 rue Vendôme, 69006 Lyon" : "3 chemin des Sources, 69130 Écully",
  outcome: "SCHEDULED",
  technician: tech,
  interventionId: null,
  bookingId: null,
});
const bill = (id: string, status: Invoice["status"], amountDue: number): Invoice => ({
  id,
  number: `FAC-${id}`,
  status,
  issuedAt: "2026-10-01",
  dueAt: "2026-12-01",
  totals: { ht: null, tva: null, ttc: amountDue },
  amountPaid: 0,
  amountDue,
  paymentTerms: null,
  currency: "EUR",
  lines: [],
  hostedPageUrl: null,
  hostedPdfUrl: null,
});

beforeEach(() => {
  reads.length = 0;
  failInvoices = false;
  gate = Promise.resolve();
  data["101"] = {
    appointments: [visit("m1", "2026-11-20T08:00:00Z", "101"), visit("m2", "2026-12-01T08:00:00Z", "101")],
    quotes: [],
    invoices: [bill("i1", "overdue", 99.9), bill("i2", "open", 0.2), bill("i3", "paid", 0)],
    interventions: [],
    conversations: [],
  };
  data["202"] = {
    appointments: [visit("m9", "2026-11-25T08:00:00Z", "202")],
    quotes: [],
    invoices: [bill("i9", "open", 5000)],
    interventions: [],
    conversations: [],
  };
});

describe("loadDashboard", () => {
  const now = new Date("2026-11-24T09:00:00Z");

  it("shows the session's customer's sections and nobody else's", async () => {
    const d = loadDashboard("101", now);
    expect((await d.nextAppointment)?.id).toBe("m2");
    const unpaid = await d.unpaidInvoices;
    expect(unpaid.invoices.map((i) => i.id)).toEqual(["i1", "i2"]);
    expect(unpaid.totalDue).toEqual([{ currency: "EUR", amount: 100.1 }]);
    expect(reads.every((r) => r.endsWith(":101"))).toBe(true);
  });

  it("starts all five reads at once instead of one after the other", async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const d = loadDashboard("202", now);
    // Nothing has answered yet, and all five reads are already under way.
    expect(reads.sort()).toEqual(["appointments:202", "conversations:202", "interventions:202", "invoices:202", "quotes:202"]);
    open();
    expect((await d.nextAppointment)?.title).toBe("Visite 202");
  });

  it("lets one failing section reject on its own, without an unhandled rejection for the others", async () => {
    failInvoices = true;
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      const d = loadDashboard("101", now);
      await expect(d.unpaidInvoices).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
      expect((await d.nextAppointment)?.id).toBe("m2");
      // A section nobody awaited (the page failed first) must not crash the process either.
      failInvoices = true;
      loadDashboard("101", now);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
