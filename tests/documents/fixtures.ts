import type { Customer, DocumentLine, Invoice, Quote } from "@/lib/model/types";

/** Realistic documents of a Lyon electrician, built fresh for each test (no shared state). */

export function makeCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: "51234",
    firstName: "Hélène",
    lastName: "Lefèvre-Noël",
    email: "helene.lefevre@example.fr",
    phone: "+33612345678",
    address: { line: "14 quai Saint-Vincent, 2ᵉ étage", zip: "69001", city: "Lyon" },
    geo: null,
    sageCustomerCode: "CLI-00482",
    sageBalanceDue: 0,
    language: "fr",
    kind: "consumer",
    ...overrides,
  };
}

export function line(id: string, name: string, quantity: number, unitPrice: number, vatRate: number, description: string | null = null): DocumentLine {
  return { id, name, description, quantity, unitPrice, vatRate, totalHt: Math.round(quantity * unitPrice * 100) / 100 };
}

export const MIXED_LINES: DocumentLine[] = [
  line("l1", "Remplacement du tableau électrique (13 modules, 2 rangées)", 1, 890, 10, "Dépose de l'ancien tableau à fusibles, pose d'un tableau pré-équipé, repérage des circuits."),
  line("l2", "Disjoncteur différentiel 30 mA type A", 2, 68.4, 10),
  line("l3", "Mise à la terre : piquet et câble cuivre 25 mm²", 1, 245.5, 10),
  line("l4", "Borne de recharge 7,4 kW (Wallbox, pose murale)", 1, 1190, 5.5, "Éligible à la TVA réduite pour un logement de plus de deux ans."),
  line("l5", "Déplacement et diagnostic", 1, 65, 20),
  line("l6", "Prise de courant 16 A étanche (extérieur)", 3, 42.35, 20),
];

function totalsOf(lines: DocumentLine[]) {
  const byRate = new Map<number, number>();
  for (const l of lines) byRate.set(l.vatRate ?? 0, (byRate.get(l.vatRate ?? 0) ?? 0) + Math.round((l.totalHt ?? 0) * 100));
  let ht = 0;
  let tva = 0;
  for (const [rate, base] of byRate) {
    ht += base;
    tva += Math.round((base * rate) / 100);
  }
  return { ht: ht / 100, tva: tva / 100, ttc: (ht + tva) / 100 };
}

export function makeInvoice(overrides: Partial<Invoice> = {}): Invoice {
  const lines = overrides.lines ?? MIXED_LINES;
  const totals = totalsOf(lines);
  return {
    id: "90871",
    number: "FA-2026-00317",
    status: "open",
    issuedAt: "2026-11-18",
    dueAt: "2026-12-18",
    totals,
    amountPaid: 500,
    amountDue: Math.round((totals.ttc - 500) * 100) / 100,
    paymentTerms: "30 jours date de facture",
    currency: "EUR",
    lines,
    hostedPageUrl: null,
    hostedPdfUrl: null,
    ...overrides,
  };
}

/** n lines cycling through the three rates, some with long designations that wrap. */
export function manyLines(n: number): DocumentLine[] {
  const rates = [20, 10, 5.5];
  return Array.from({ length: n }, (_, i) =>
    line(
      `m${i + 1}`,
      i % 7 === 0
        ? `Fourniture et pose d'un circuit spécialisé n° ${i + 1} pour équipement électroménager (câble R2V 3G2,5 mm², gaine ICTA, disjoncteur 20 A, repérage et essais)`
        : `Point lumineux n° ${i + 1} — pièce à vivre`,
      (i % 4) + 1,
      Math.round((37.15 + i * 3.33) * 100) / 100,
      rates[i % 3] ?? 20,
      i % 5 === 0 ? "Y compris percements, rebouchage et nettoyage du chantier." : null,
    ),
  );
}

export function makeQuote(overrides: Partial<Quote> = {}): Quote {
  const lines = overrides.lines ?? MIXED_LINES;
  return {
    id: "77002",
    number: "DE-2026-00142",
    title: "Mise aux normes de l'installation électrique — appartement quai Saint-Vincent",
    status: "to_sign",
    expiresAt: "2026-12-24",
    totals: totalsOf(lines),
    currency: "EUR",
    lines,
    isConsumer: true,
    signedAt: null,
    signedFileId: null,
    dealId: "66001",
    createdAt: "2026-11-24T08:30:00.000Z",
    ...overrides,
  };
}
