import type { Appointment, Intervention, Invoice, Quote } from "@/lib/model/types";
import type { InterventionStageKey } from "@/lib/model/vocabulary";
import { interventionStep } from "@/lib/model/intervention-stages";

/**
 * What the dashboard shows, as pure rules over domain objects (no I/O, no React), so each rule is
 * unit-tested with realistic data. lib/dashboard/load-dashboard.ts feeds them from the data layer.
 */

// ---- appointments ----

const CLOSED_OUTCOMES = new Set<Appointment["outcome"]>(["CANCELED", "COMPLETED", "NO_SHOW"]);
const time = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() : Number.NaN);

/** Visits still to come, soonest first: not cancelled, done or missed, and not over yet (one under way counts). */
export function upcomingAppointments<T extends Appointment>(appointments: T[], now: Date): T[] {
  const t = now.getTime();
  return appointments
    .filter((a) => !CLOSED_OUTCOMES.has(a.outcome))
    .filter((a) => time(a.end ?? a.start) >= t)
    .sort((a, b) => time(a.start) - time(b.start));
}

/** Cancelled visits whose time is still to come, soonest first: not « passés » (issue 16); they offer a new booking. */
export function cancelledUpcomingAppointments<T extends Appointment>(appointments: T[], now: Date): T[] {
  const t = now.getTime();
  return appointments.filter((a) => a.outcome === "CANCELED" && time(a.end ?? a.start) >= t).sort((a, b) => time(a.start) - time(b.start));
}

/** The rest, most recent first: over, or done/missed whatever their date (a cancelled one still to come is listed apart). */
export function pastAppointments(appointments: Appointment[], now: Date): Appointment[] {
  const upcoming = new Set([...upcomingAppointments(appointments, now), ...cancelledUpcomingAppointments(appointments, now)].map((a) => a.id));
  return appointments.filter((a) => !upcoming.has(a.id)).sort((a, b) => (b.start ?? "").localeCompare(a.start ?? ""));
}

export function nextAppointment<T extends Appointment>(appointments: T[], now: Date): T | null {
  return upcomingAppointments(appointments, now)[0] ?? null;
}

// ---- quotes ----

/** Quotes the customer can still sign, the one expiring first on top (no expiry last). */
export function quotesAwaitingSignature(quotes: Quote[]): Quote[] {
  return quotes
    .filter((q) => q.status === "to_sign")
    .sort((a, b) => (a.expiresAt ?? "9999-12-31").localeCompare(b.expiresAt ?? "9999-12-31"));
}

// ---- invoices ----

export interface MoneyTotal {
  currency: string;
  amount: number;
}

export interface UnpaidInvoices {
  /** Overdue first, then by due date. */
  invoices: Invoice[];
  /** One line per currency (in practice EUR only); summed in cents so 0.1 + 0.2 stays 0.30. */
  totalDue: MoneyTotal[];
  overdueCount: number;
}

/** Open or overdue invoices that still have something to pay (a fully paid-off open invoice is not shown). */
export function unpaidInvoices(invoices: Invoice[]): UnpaidInvoices {
  const unpaid = invoices
    .filter((i) => (i.status === "open" || i.status === "overdue") && (i.amountDue ?? 0) > 0)
    .sort(
      (a, b) =>
        Number(b.status === "overdue") - Number(a.status === "overdue") ||
        (a.dueAt ?? "9999-12-31").localeCompare(b.dueAt ?? "9999-12-31"),
    );
  const cents = new Map<string, number>();
  for (const i of unpaid) cents.set(i.currency, (cents.get(i.currency) ?? 0) + Math.round((i.amountDue ?? 0) * 100));
  return {
    invoices: unpaid,
    totalDue: [...cents].map(([currency, c]) => ({ currency, amount: c / 100 })),
    overdueCount: unpaid.filter((i) => i.status === "overdue").length,
  };
}

// ---- interventions ----

const ACTIVE_STAGES = new Set<InterventionStageKey>(["requested", "scheduled", "en_route", "on_site"]);

/** Interventions not finished nor cancelled, the most advanced first (the technician on the way matters most), then soonest. */
export function interventionsInProgress(interventions: Intervention[]): Intervention[] {
  return interventions
    .filter((i) => i.stage !== null && ACTIVE_STAGES.has(i.stage))
    .sort(
      (a, b) =>
        (interventionStep(b.stage) ?? 0) - (interventionStep(a.stage) ?? 0) ||
        (a.start ?? "9999").localeCompare(b.start ?? "9999"),
    );
}

/** Everything not in progress (done, report available, cancelled, unknown), in the data layer's order (newest first). */
export function interventionHistory(interventions: Intervention[]): Intervention[] {
  const active = new Set(interventionsInProgress(interventions).map((i) => i.id));
  return interventions.filter((i) => !active.has(i.id));
}
