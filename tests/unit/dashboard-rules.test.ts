import { describe, expect, it } from "vitest";
import { cancelledUpcomingAppointments, interventionHistory, interventionsInProgress, nextAppointment, pastAppointments, quotesAwaitingSignature, unpaidInvoices, upcomingAppointments } from "@/lib/dashboard/rules";
import { interventionStep } from "@/lib/model/intervention-stages";
import { unreadReplies } from "@/lib/messages/unread";
import type { Appointment, Conversation, ConversationMessage, Intervention, Invoice, Quote } from "@/lib/model/types";

// Realistic domain objects, as lib/hubspot maps them for a customer in Lyon.
const tech = { id: "71", firstName: "Julien", lastName: "Moreau", email: "julien.moreau@duret-electricite.fr" };

const appointment = (id: string, start: string | null, end: string | null, outcome: Appointment["outcome"] = "SCHEDULED"): Appointment => ({
  id,
  title: "Diagnostic tableau électrique",
  start,
  end,
  location: "12 rue Vendôme, 69006 Lyon",
  outcome,
  technician: tech,
  interventionId: null,
  bookingId: null,
});

const quote = (id: string, status: Quote["status"], expiresAt: string | null, ttc = 1250.4): Quote => ({
  id,
  number: `DEV-2026-${id}`,
  title: "Mise aux normes tableau",
  status,
  expiresAt,
  totals: { ht: ttc / 1.2, tva: ttc - ttc / 1.2, ttc },
  currency: "EUR",
  lines: [],
  isConsumer: true,
  signedAt: null,
  signedFileId: null,
  dealId: "9001",
  createdAt: "2026-11-02T09:00:00.000Z",
});

const invoice = (id: string, status: Invoice["status"], amountDue: number | null, dueAt: string | null, ttc = 480): Invoice => ({
  id,
  number: `FAC-2026-${id}`,
  status,
  issuedAt: "2026-10-15",
  dueAt,
  totals: { ht: ttc / 1.2, tva: ttc - ttc / 1.2, ttc },
  amountPaid: amountDue === null ? null : ttc - amountDue,
  amountDue,
  paymentTerms: "30 jours",
  currency: "EUR",
  lines: [],
  hostedPageUrl: null,
  hostedPdfUrl: null,
});

const intervention = (id: string, stage: Intervention["stage"], start: string | null): Intervention => ({
  id,
  subject: `Intervention ${id}`,
  description: null,
  type: "depannage",
  stage,
  technician: tech,
  address: "12 rue Vendôme, 69006 Lyon",
  start,
  end: null,
  eta: null,
  photosBeforeFileIds: [],
  photosAfterFileIds: [],
  reportFileId: null,
  satisfaction: null,
  bookingId: null,
  createdAt: "2026-11-01T08:00:00.000Z",
  updatedAt: null,
});

let messageId = 0;
const msg = (author: ConversationMessage["author"], at: string | null, body = "…"): ConversationMessage => ({
  id: String(++messageId),
  author,
  body,
  at,
  attachmentIds: [],
});
const conversation = (id: string, messages: ConversationMessage[]): Conversation => ({
  id,
  kind: "after_sales",
  subject: `Conversation ${id}`,
  stage: "waiting_customer",
  messages,
  createdAt: messages[0]?.at ?? null,
  updatedAt: null,
});

describe("next appointment", () => {
  const now = new Date("2026-11-24T09:00:00Z");

  it("is the soonest visit not yet over, including one under way, whatever the input order", () => {
    const list = [
      appointment("later", "2026-12-02T08:00:00Z", "2026-12-02T10:00:00Z"),
      appointment("past", "2026-11-20T08:00:00Z", "2026-11-20T10:00:00Z"),
      appointment("now", "2026-11-24T08:00:00Z", "2026-11-24T10:00:00Z"),
      appointment("moved", "2026-11-27T08:00:00Z", "2026-11-27T10:00:00Z", "RESCHEDULED"),
    ];
    expect(nextAppointment(list, now)?.id).toBe("now");
    expect(upcomingAppointments(list, now).map((a) => a.id)).toEqual(["now", "moved", "later"]);
  });

  it("skips cancelled, completed and missed visits and those without a date; none left gives null", () => {
    const list = [
      appointment("cancelled", "2026-12-01T08:00:00Z", null, "CANCELED"),
      appointment("done", "2026-12-01T08:00:00Z", null, "COMPLETED"),
      appointment("absent", "2026-12-01T08:00:00Z", null, "NO_SHOW"),
      appointment("undated", null, null),
      appointment("over", "2026-11-24T07:00:00Z", "2026-11-24T08:59:59Z"),
    ];
    expect(nextAppointment(list, now)).toBeNull();
  });

  it("compares instants, not strings: a +01:00 offset is read as the instant it is", () => {
    // 09:30+01:00 is 08:30Z, already over at 09:00Z; 10:30+01:00 (09:30Z) is still to come.
    const list = [appointment("a", "2026-11-24T09:00:00+01:00", "2026-11-24T09:30:00+01:00"), appointment("b", "2026-11-24T10:30:00+01:00", null)];
    expect(nextAppointment(list, now)?.id).toBe("b");
  });

  it("puts what is over in the past list, latest first; a cancelled visit still to come is listed apart (issue 16)", () => {
    const list = [
      appointment("old", "2026-10-01T08:00:00Z", "2026-10-01T09:00:00Z", "COMPLETED"),
      appointment("old-cancelled", "2026-10-02T08:00:00Z", "2026-10-02T09:00:00Z", "CANCELED"),
      appointment("cancelled-future", "2026-12-05T08:00:00Z", null, "CANCELED"),
      appointment("next", "2026-12-01T08:00:00Z", null),
    ];
    expect(pastAppointments(list, now).map((a) => a.id)).toEqual(["old-cancelled", "old"]);
    expect(cancelledUpcomingAppointments(list, now).map((a) => a.id)).toEqual(["cancelled-future"]);
    expect(upcomingAppointments(list, now).map((a) => a.id)).toEqual(["next"]);
  });
});

describe("quotes awaiting signature", () => {
  it("keeps quotes to sign only, the one expiring first on top, open-ended ones last", () => {
    const list = [
      quote("1", "signed", "2026-12-01"),
      quote("2", "to_sign", null),
      quote("3", "to_sign", "2026-12-20"),
      quote("4", "expired", "2026-11-01"),
      quote("5", "to_sign", "2026-12-03"),
      quote("6", "refused", "2026-12-30"),
    ];
    expect(quotesAwaitingSignature(list).map((q) => q.id)).toEqual(["5", "3", "2"]);
  });
});

describe("unpaid invoices and total due", () => {
  it("lists open and overdue invoices with something left to pay, overdue first, and sums the amounts due", () => {
    const list = [
      invoice("1", "paid", 0, "2026-10-30"),
      invoice("2", "open", 480, "2026-12-15"),
      invoice("3", "overdue", 120.1, "2026-11-01"),
      invoice("4", "open", 240.2, "2026-11-30"), // partially paid (down payment)
      invoice("5", "voided", 0, null),
      invoice("6", "open", 0, "2026-12-01"), // paid off, status not synced yet
    ];
    const result = unpaidInvoices(list);
    expect(result.invoices.map((i) => i.id)).toEqual(["3", "4", "2"]);
    // 120.10 + 240.20 + 480 in cents: exactly 840.30, no floating-point residue.
    expect(result.totalDue).toEqual([{ currency: "EUR", amount: 840.3 }]);
    expect(result.overdueCount).toBe(1);
  });

  it("gives an empty list and no total when everything is paid", () => {
    const result = unpaidInvoices([invoice("1", "paid", 0, "2026-10-30")]);
    expect(result).toEqual({ invoices: [], totalDue: [], overdueCount: 0 });
  });

  it("never adds euros to another currency", () => {
    const chf = { ...invoice("7", "open", 100, "2026-12-01"), currency: "CHF" };
    expect(unpaidInvoices([invoice("1", "open", 50, "2026-12-01"), chf]).totalDue).toEqual([
      { currency: "EUR", amount: 50 },
      { currency: "CHF", amount: 100 },
    ]);
  });
});

describe("interventions in progress", () => {
  it("keeps unfinished ones, the technician on the way first, then by planned start", () => {
    const list = [
      intervention("done", "done", "2026-11-10T08:00:00Z"),
      intervention("requested", "requested", null),
      intervention("scheduled-late", "scheduled", "2026-12-10T08:00:00Z"),
      intervention("en-route", "en_route", "2026-11-24T08:00:00Z"),
      intervention("cancelled", "cancelled", "2026-11-30T08:00:00Z"),
      intervention("scheduled-soon", "scheduled", "2026-11-28T08:00:00Z"),
      intervention("report", "report_available", "2026-10-01T08:00:00Z"),
      intervention("unknown", null, null),
    ];
    expect(interventionsInProgress(list).map((i) => i.id)).toEqual(["en-route", "scheduled-soon", "scheduled-late", "requested"]);
    expect(interventionHistory(list).map((i) => i.id)).toEqual(["done", "cancelled", "report", "unknown"]);
  });

  it("places each stage on the five-step progress", () => {
    expect([interventionStep("requested"), interventionStep("en_route"), interventionStep("report_available")]).toEqual([1, 3, 5]);
    expect(interventionStep("cancelled")).toBeNull();
    expect(interventionStep(null)).toBeNull();
  });
});

describe("unread replies", () => {
  it("counts a conversation once when the team's latest message is newer than the customer's", () => {
    const answered = conversation("answered", [msg("customer", "2026-11-20T08:00:00Z"), msg("staff", "2026-11-20T10:00:00Z"), msg("customer", "2026-11-21T09:00:00Z")]);
    const twoReplies = conversation("two-replies", [
      msg("customer", "2026-11-22T08:00:00Z"),
      msg("staff", "2026-11-22T09:00:00Z"),
      msg("staff", "2026-11-23T09:00:00Z", "Nous passons jeudi."),
    ]);
    const waiting = conversation("waiting", [msg("customer", "2026-11-23T08:00:00Z")]);
    const unread = unreadReplies([answered, twoReplies, waiting]);
    expect(unread.map((u) => u.conversation.id)).toEqual(["two-replies"]);
    expect(unread[0]?.unreadCount).toBe(2);
    expect(unread[0]?.latestReply.body).toBe("Nous passons jeudi.");
  });

  it("counts a conversation the team opened and the customer never answered", () => {
    const opened = conversation("opened", [msg("staff", "2026-11-23T08:00:00Z")]);
    expect(unreadReplies([opened]).map((u) => u.conversation.id)).toEqual(["opened"]);
  });

  it("goes by time, not by the order the messages came in", () => {
    // The customer's message is listed first but was written after the reply: nothing unread.
    const shuffled = conversation("shuffled", [msg("customer", "2026-11-23T12:00:00Z"), msg("staff", "2026-11-23T09:00:00Z")]);
    expect(unreadReplies([shuffled])).toEqual([]);
  });

  it("falls back to the thread order when a message has no time", () => {
    const undated = conversation("undated", [msg("customer", "2026-11-23T12:00:00Z"), msg("staff", null)]);
    expect(unreadReplies([undated]).map((u) => u.conversation.id)).toEqual(["undated"]);
  });

  it("does not count a closed conversation, whose last word is the team closing it", () => {
    const closed = { ...conversation("closed", [msg("customer", "2026-07-20T08:00:00Z"), msg("staff", "2026-07-29T07:03:00Z")]), stage: "closed" as const };
    expect(unreadReplies([closed])).toEqual([]);
  });

  it("lists the most recent reply first and ignores empty conversations", () => {
    const older = conversation("older", [msg("staff", "2026-11-10T08:00:00Z")]);
    const newer = conversation("newer", [msg("customer", "2026-11-20T08:00:00Z"), msg("staff", "2026-11-21T08:00:00Z")]);
    expect(unreadReplies([older, conversation("empty", []), newer]).map((u) => u.conversation.id)).toEqual(["newer", "older"]);
  });
});
