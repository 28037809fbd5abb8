import type { DocumentLine } from "@/lib/model/types";

/**
 * Totals per VAT rate, computed in integer cents from the lines (what a French invoice must show:
 * "le montant de la taxe … ventilé par taux"). VAT is computed once per rate on the summed base,
 * rounded half away from zero, as Sage does; the lines' own HT totals are taken as given.
 */
export interface VatGroup {
  /** Percent, e.g. 20 or 5.5. */
  rate: number;
  baseCents: number;
  vatCents: number;
}

export interface ComputedTotals {
  groups: VatGroup[];
  htCents: number;
  vatCents: number;
  ttcCents: number;
}

export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** A line's HT total in cents: Sage's when given, else quantity × unit price. */
export function lineHtCents(line: DocumentLine): number {
  if (line.totalHt !== null && Number.isFinite(line.totalHt)) return toCents(line.totalHt);
  if (line.quantity !== null && line.unitPrice !== null) return Math.round(line.quantity * line.unitPrice * 100);
  return 0;
}

function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

export function computeTotals(lines: DocumentLine[]): ComputedTotals {
  const byRate = new Map<number, number>();
  for (const line of lines) {
    const rate = line.vatRate ?? 0;
    byRate.set(rate, (byRate.get(rate) ?? 0) + lineHtCents(line));
  }
  const groups = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, baseCents]) => ({ rate, baseCents, vatCents: roundHalfAway((baseCents * rate) / 100) }));
  const htCents = groups.reduce((s, g) => s + g.baseCents, 0);
  const vatCents = groups.reduce((s, g) => s + g.vatCents, 0);
  return { groups, htCents, vatCents, ttcCents: htCents + vatCents };
}
