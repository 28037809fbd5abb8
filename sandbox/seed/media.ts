/**
 * Generated media for the seed: site photos (JPEG with a phone's EXIF, GPS included, because real
 * technicians' photos carry it and the portal must strip it) and intervention reports (PDF).
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import sharp from "sharp";
import { companyView, formatSiret } from "@/lib/settings/company";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";
import { createRng, type Rng } from "./random";

/**
 * The demo company as the seed's reports and HubSpot invoices print it: the console's demo seed
 * (what the portal's own PDFs and emails print on the sandbox), so both tell the same identity.
 */
const demo = companyView(DEMO_SETTINGS.company);
export const COMPANY = {
  name: demo.name,
  legalName: demo.legalName,
  address: demo.address.street,
  zip: demo.address.postalCode,
  city: demo.address.city,
  phone: demo.phone.display,
  phoneE164: demo.phone.e164,
  email: demo.email,
  siret: formatSiret(demo.siret),
  vatNumber: demo.vatNumber ?? "",
  /** Printed on the seed's reports only (not a console setting). */
  qualification: "Qualifelec RGE — IRVE P1/P2",
} as const;

export type PhotoSubject = "panel" | "socket" | "charger";

export interface RenderPhotoInput {
  kind: "before" | "after";
  title: string;
  seed: number;
  width?: number;
  height?: number;
  /** What the picture shows; derived from the title (borne, prise…) when omitted. */
  subject?: PhotoSubject;
  /** Where the phone was; a point in the Lyon area derived from the seed when omitted. */
  gps?: { lat: number; lng: number };
  takenAt?: Date;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function subjectFromTitle(title: string): PhotoSubject {
  const t = title.toLowerCase();
  if (/borne|recharge|irve|wallbox/.test(t)) return "charger";
  if (/prise|interrupteur|luminaire|point lumineux/.test(t)) return "socket";
  return "panel";
}

function wires(rng: Rng, x0: number, y0: number, x1: number, y1: number, n: number, messy: boolean): string {
  const colors = ["#c0392b", "#2e5aa8", "#222", "#d4a017", "#6b4f2a", "#3a7d3a"];
  let out = "";
  for (let i = 0; i < n; i++) {
    const sx = x0 + rng.int(0, x1 - x0);
    const ex = x0 + rng.int(0, x1 - x0);
    const c = rng.pick(colors);
    if (messy) {
      const c1x = sx + rng.int(-160, 160);
      const c2x = ex + rng.int(-160, 160);
      out += `<path d="M${sx},${y0} C${c1x},${y0 + rng.int(20, 140)} ${c2x},${y1 - rng.int(20, 140)} ${ex},${y1}" stroke="${c}" stroke-width="${rng.int(3, 6)}" fill="none"/>`;
    } else {
      out += `<line x1="${sx}" y1="${y0}" x2="${sx}" y2="${y1}" stroke="${c}" stroke-width="4"/>`;
    }
  }
  return out;
}

function panelSvg(kind: "before" | "after", rng: Rng): string {
  if (kind === "before") {
    let fuses = "";
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 6; c++) {
        const x = 250 + c * 52;
        const y = 170 + r * 95;
        fuses += `<rect x="${x}" y="${y}" width="40" height="70" rx="6" fill="#e8dcc0" stroke="#7a6a4a" stroke-width="2"/><circle cx="${x + 20}" cy="${y + 35}" r="12" fill="#bfb08a" stroke="#5a4a30"/>`;
      }
    const burnX = 260 + rng.int(0, 220);
    const burnY = 180 + rng.int(0, 160);
    return `<rect width="800" height="600" fill="#cdbf9f"/>
<rect x="0" y="0" width="800" height="600" fill="#8a7650" opacity="0.15"/>
<ellipse cx="${rng.int(100, 700)}" cy="${rng.int(80, 520)}" rx="90" ry="50" fill="#9c8a62" opacity="0.35"/>
<rect x="220" y="120" width="360" height="360" fill="#d9ccaa" stroke="#6b5a3a" stroke-width="6"/>
${fuses}
<ellipse cx="${burnX}" cy="${burnY}" rx="46" ry="34" fill="#2b2118" opacity="0.75"/>
<ellipse cx="${burnX + 8}" cy="${burnY - 6}" rx="24" ry="16" fill="#120c08" opacity="0.8"/>
${wires(rng, 200, 470, 600, 600, 9, true)}
${wires(rng, 230, 60, 570, 130, 5, true)}
<polygon points="630,150 700,270 560,270" fill="#f1c40f" stroke="#222" stroke-width="5"/>
<text x="630" y="255" font-family="DejaVu Sans, sans-serif" font-size="80" font-weight="bold" text-anchor="middle" fill="#222">!</text>`;
  }
  let rows = "";
  for (let r = 0; r < 3; r++) {
    const y = 150 + r * 110;
    rows += `<rect x="210" y="${y + 28}" width="380" height="14" fill="#9aa3ad"/>`;
    for (let c = 0; c < 10; c++) {
      const x = 218 + c * 37;
      const diff = c === 0;
      rows += `<rect x="${x}" y="${y}" width="33" height="70" rx="3" fill="${diff ? "#dfe9f5" : "#ffffff"}" stroke="#8c96a0" stroke-width="2"/><rect x="${x + 10}" y="${y + 22}" width="13" height="22" rx="2" fill="${diff ? "#2f6db5" : "#3d4650"}"/><rect x="${x + 3}" y="${y + 56}" width="27" height="8" fill="#f4f6f8" stroke="#c5ccd3" stroke-width="1"/>`;
    }
  }
  return `<rect width="800" height="600" fill="#eef1f4"/>
<rect x="180" y="110" width="440" height="390" rx="10" fill="#f9fafb" stroke="#b7c0c9" stroke-width="5"/>
${rows}
<rect x="250" y="500" width="300" height="100" fill="#d5dbe1"/>
${wires(rng, 260, 500, 540, 600, 8, false)}
<circle cx="680" cy="190" r="48" fill="#27ae60"/>
<polyline points="655,190 675,212 708,170" fill="none" stroke="#fff" stroke-width="12" stroke-linecap="round" stroke-linejoin="round"/>`;
}

function socketSvg(kind: "before" | "after", rng: Rng): string {
  if (kind === "before") {
    return `<rect width="800" height="600" fill="#d8cfc0"/>
<path d="M120,80 L180,220 L150,340" stroke="#a89c86" stroke-width="3" fill="none"/>
<g transform="rotate(${rng.int(-14, -6)} 400 300)">
<rect x="270" y="190" width="260" height="220" rx="22" fill="#ece3cf" stroke="#8a7d62" stroke-width="5"/>
<circle cx="400" cy="300" r="70" fill="#e0d6bd" stroke="#8a7d62" stroke-width="4"/>
<circle cx="372" cy="300" r="11" fill="#3b3024"/><circle cx="428" cy="300" r="11" fill="#3b3024"/>
<path d="M300,210 L350,280 L330,330" stroke="#5a4b36" stroke-width="3" fill="none"/>
</g>
<ellipse cx="${430 + rng.int(-20, 20)}" cy="${250 + rng.int(-10, 10)}" rx="70" ry="48" fill="#1d140c" opacity="0.7"/>
${wires(rng, 300, 410, 500, 600, 4, true)}
<rect x="560" y="420" width="160" height="60" rx="8" fill="#c0392b"/>
<text x="640" y="460" font-family="DejaVu Sans, sans-serif" font-size="28" font-weight="bold" text-anchor="middle" fill="#fff">DANGER</text>`;
  }
  return `<rect width="800" height="600" fill="#f3f1ec"/>
<rect x="180" y="200" width="440" height="200" rx="24" fill="#ffffff" stroke="#c9ced4" stroke-width="4"/>
<circle cx="300" cy="300" r="72" fill="#f7f8fa" stroke="#c9ced4" stroke-width="3"/>
<circle cx="500" cy="300" r="72" fill="#f7f8fa" stroke="#c9ced4" stroke-width="3"/>
<circle cx="274" cy="300" r="10" fill="#444"/><circle cx="326" cy="300" r="10" fill="#444"/><rect x="294" y="236" width="12" height="18" fill="#b0b6bd"/>
<circle cx="474" cy="300" r="10" fill="#444"/><circle cx="526" cy="300" r="10" fill="#444"/><rect x="494" y="236" width="12" height="18" fill="#b0b6bd"/>
<circle cx="680" cy="150" r="48" fill="#27ae60"/>
<polyline points="655,150 675,172 708,130" fill="none" stroke="#fff" stroke-width="12" stroke-linecap="round" stroke-linejoin="round"/>`;
}

function chargerSvg(kind: "before" | "after", rng: Rng): string {
  const floor = `<rect x="0" y="470" width="800" height="130" fill="${kind === "before" ? "#7d776d" : "#9da3a8"}"/>`;
  if (kind === "before") {
    return `<rect width="800" height="600" fill="#b9b2a4"/>${floor}
<rect x="330" y="200" width="70" height="90" rx="8" fill="#e6dfcf" stroke="#6e6552" stroke-width="4"/>
<circle cx="365" cy="245" r="22" fill="#d2c9b4" stroke="#6e6552" stroke-width="3"/>
<path d="M365,290 C360,380 ${250 + rng.int(-30, 30)},420 200,520 S120,560 90,600" stroke="#f39c12" stroke-width="10" fill="none"/>
<rect x="170" y="500" width="90" height="50" rx="6" fill="#2c3e50"/>
<rect x="520" y="360" width="220" height="110" rx="20" fill="#5d6d7e" opacity="0.6"/>
<polygon points="600,120 670,240 530,240" fill="#f1c40f" stroke="#222" stroke-width="5"/>
<text x="600" y="225" font-family="DejaVu Sans, sans-serif" font-size="80" font-weight="bold" text-anchor="middle" fill="#222">!</text>`;
  }
  return `<rect width="800" height="600" fill="#e9ecef"/>${floor}
<rect x="300" y="130" width="200" height="270" rx="28" fill="#fdfefe" stroke="#aab2bb" stroke-width="5"/>
<rect x="340" y="175" width="120" height="50" rx="8" fill="#1f2d3a"/>
<text x="400" y="208" font-family="DejaVu Sans, sans-serif" font-size="22" text-anchor="middle" fill="#2ecc71">7,4 kW</text>
<circle cx="400" cy="270" r="16" fill="#2ecc71"/>
<path d="M400,400 C400,450 520,440 540,400 C560,360 470,340 450,380 C430,420 470,470 520,470" stroke="#1f2d3a" stroke-width="12" fill="none"/>
<rect x="385" y="400" width="30" height="70" fill="#c5ccd3"/>
<circle cx="680" cy="150" r="48" fill="#27ae60"/>
<polyline points="655,150 675,172 708,130" fill="none" stroke="#fff" stroke-width="12" stroke-linecap="round" stroke-linejoin="round"/>`;
}

function photoSvg(input: RenderPhotoInput, width: number, height: number): string {
  const rng = createRng(input.seed ^ (input.kind === "before" ? 0x9e3779b9 : 0x85ebca6b));
  const subject = input.subject ?? subjectFromTitle(input.title);
  const scene = subject === "charger" ? chargerSvg(input.kind, rng) : subject === "socket" ? socketSvg(input.kind, rng) : panelSvg(input.kind, rng);
  const label = input.kind === "before" ? "AVANT" : "APRÈS";
  const labelColor = input.kind === "before" ? "#c0392b" : "#1e8449";
  const title = input.title.length > 60 ? `${input.title.slice(0, 57)}…` : input.title;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 800 600" preserveAspectRatio="xMidYMid slice">
${scene}
<rect x="24" y="24" width="${input.kind === "before" ? 170 : 180}" height="58" rx="8" fill="${labelColor}"/>
<text x="${input.kind === "before" ? 109 : 114}" y="66" font-family="DejaVu Sans, sans-serif" font-size="36" font-weight="bold" text-anchor="middle" fill="#fff">${label}</text>
<rect x="0" y="548" width="800" height="52" fill="#000" opacity="0.55"/>
<text x="20" y="582" font-family="DejaVu Sans, sans-serif" font-size="24" fill="#fff">${esc(title)}</text>
</svg>`;
}

/** Degrees → EXIF "deg/1 min/1 sec*100/100" rationals, as libvips parses them. */
function exifDms(value: number): string {
  const abs = Math.abs(value);
  const deg = Math.floor(abs);
  const minFloat = (abs - deg) * 60;
  const min = Math.floor(minFloat);
  const sec = Math.round((minFloat - min) * 60 * 100);
  return `${deg}/1 ${min}/1 ${sec}/100`;
}

function exifDateTime(d: Date): string {
  // Phone cameras write local wall-clock time without a zone: Europe/Paris here.
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "00";
  return `${get("year")}:${get("month")}:${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
}

const PHONES = [
  { make: "samsung", model: "SM-A546B" },
  { make: "Apple", model: "iPhone 13" },
  { make: "Google", model: "Pixel 7a" },
] as const;

export async function renderPhoto(input: RenderPhotoInput): Promise<Uint8Array> {
  const width = input.width ?? 800;
  const height = input.height ?? 600;
  const rng = createRng(input.seed);
  const gps = input.gps ?? { lat: 45.76 + (rng.next() - 0.5) * 0.12, lng: 4.85 + (rng.next() - 0.5) * 0.16 };
  const phone = PHONES[input.seed % PHONES.length] ?? PHONES[0];
  const when = exifDateTime(input.takenAt ?? new Date(Date.UTC(2026, 0, 1, 9)));
  const buf = await sharp(Buffer.from(photoSvg(input, width, height)))
    .jpeg({ quality: 72, mozjpeg: true })
    .withExif({
      IFD0: { Make: phone.make, Model: phone.model, DateTime: when, Software: "Camera" },
      IFD2: { DateTimeOriginal: when },
      IFD3: {
        GPSLatitudeRef: gps.lat >= 0 ? "N" : "S",
        GPSLatitude: exifDms(gps.lat),
        GPSLongitudeRef: gps.lng >= 0 ? "E" : "W",
        GPSLongitude: exifDms(gps.lng),
      },
    })
    .toBuffer();
  return new Uint8Array(buf);
}

export interface ReportInput {
  reference: string;
  customerName: string;
  address: string;
  technicianName: string;
  interventionType: string;
  date: Date;
  findings: string[];
  /** Work carried out; a generic line when omitted. */
  work?: string[];
  recommendations?: string[];
}

const DATE_FR = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", weekday: "long", day: "numeric", month: "long", year: "numeric" });
const TIME_FR = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" });

/**
 * Helvetica (WinAnsi) cannot encode every character: Intl's French output uses U+202F, technicians
 * write "Ω" or "≥". Substitute what has a usual spelling, replace the rest, rather than throw.
 */
const SUBSTITUTES: Record<string, string> = { "\u202f": "\u00a0", "Ω": " ohms", "≤": "<=", "≥": ">=", "→": "->", "✓": "OK" };
let winAnsiChars: Set<number> | undefined;
function winAnsiSafe(s: string): string {
  const out = s.replace(/[\u202fΩ≤≥→✓]/g, (c) => SUBSTITUTES[c] ?? "?");
  if (!winAnsiChars) return out;
  const allowed = winAnsiChars;
  return Array.from(out, (c) => (allowed.has(c.codePointAt(0) ?? 0) ? c : "?")).join("");
}

function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > maxWidth && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

export async function renderReportPdf(input: ReportInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  // Fixed metadata dates: pdf-lib defaults to "now", which would make the seed non-deterministic.
  doc.setCreationDate(input.date);
  doc.setModificationDate(input.date);
  doc.setTitle(`Rapport d'intervention ${input.reference}`);
  doc.setAuthor(COMPANY.name);
  doc.setProducer(COMPANY.name);
  doc.setCreator(COMPANY.name);
  doc.setLanguage("fr-FR");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  winAnsiChars ??= new Set(font.getCharacterSet());
  const blue = rgb(0.1, 0.29, 0.55);
  const grey = rgb(0.35, 0.38, 0.42);
  const margin = 50;
  const pageSize: [number, number] = [595.28, 841.89];
  let page: PDFPage = doc.addPage(pageSize);
  let y = pageSize[1] - margin;
  const maxWidth = pageSize[0] - 2 * margin;

  const ensure = (h: number) => {
    if (y - h < margin + 40) {
      page = doc.addPage(pageSize);
      y = pageSize[1] - margin;
    }
  };
  const text = (s: string, opts: { size?: number; f?: PDFFont; color?: ReturnType<typeof rgb>; x?: number } = {}) => {
    const size = opts.size ?? 10.5;
    for (const line of wrap(winAnsiSafe(s), opts.f ?? font, size, maxWidth - ((opts.x ?? margin) - margin))) {
      ensure(size + 4);
      page.drawText(line, { x: opts.x ?? margin, y, size, font: opts.f ?? font, color: opts.color ?? rgb(0.1, 0.1, 0.1) });
      y -= size + 4;
    }
  };
  const heading = (s: string) => {
    y -= 8;
    ensure(30);
    text(s, { size: 13, f: bold, color: blue });
    page.drawLine({ start: { x: margin, y: y + 2 }, end: { x: pageSize[0] - margin, y: y + 2 }, thickness: 0.8, color: blue });
    y -= 6;
  };
  const bullets = (items: string[]) => {
    for (const item of items) {
      ensure(14);
      page.drawText("•", { x: margin + 4, y, size: 10.5, font, color: blue });
      text(item, { x: margin + 16 });
      y -= 2;
    }
  };

  // Letterhead
  page.drawRectangle({ x: 0, y: pageSize[1] - 8, width: pageSize[0], height: 8, color: blue });
  text(COMPANY.name, { size: 20, f: bold, color: blue });
  text(`${COMPANY.address} — ${COMPANY.zip} ${COMPANY.city} — Tél. ${COMPANY.phone}`, { size: 9.5, color: grey });
  text(`${COMPANY.email} — SIRET ${COMPANY.siret} — ${COMPANY.qualification}`, { size: 9.5, color: grey });
  y -= 16;
  text("RAPPORT D'INTERVENTION", { size: 16, f: bold });
  text(`Référence « ${input.reference} »`, { size: 11, color: grey });
  y -= 6;

  heading("Informations");
  const when = `${DATE_FR.format(input.date)} à ${TIME_FR.format(input.date)}`;
  const rows: [string, string][] = [
    ["Client", input.customerName],
    ["Adresse", input.address],
    ["Nature", input.interventionType],
    ["Date", when],
    ["Technicien", input.technicianName],
  ];
  for (const [k, v] of rows) {
    ensure(16);
    page.drawText(winAnsiSafe(`${k} :`), { x: margin, y, size: 10.5, font: bold });
    text(v, { x: margin + 90 });
  }

  heading("Constats");
  bullets(input.findings);
  heading("Travaux réalisés");
  bullets(input.work ?? ["Intervention réalisée conformément à la norme NF C 15-100 ; installation remise en service et testée."]);
  heading("Recommandations");
  bullets(
    input.recommendations ?? [
      "Tester le bouton « test » des interrupteurs différentiels une fois par mois.",
      "Faire contrôler l'installation tous les 10 ans ou à chaque changement d'usage.",
    ],
  );
  y -= 12;
  text("Les photos avant/après sont disponibles dans votre espace client. Document établi à la suite de l'intervention ; aucun montant n'y figure, la facture est émise séparément (montants en €).", {
    size: 9,
    color: grey,
  });
  y -= 14;
  ensure(60);
  page.drawText(winAnsiSafe(`Fait à ${COMPANY.city}, le ${DATE_FR.format(input.date)}`), { x: margin, y, size: 10.5, font });
  y -= 16;
  page.drawText(winAnsiSafe(`${input.technicianName}, technicien — ${COMPANY.name}`), { x: margin, y, size: 10.5, font: bold });

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    p.drawText(winAnsiSafe(`${COMPANY.legalName} — ${input.reference} — page ${i + 1}/${pages.length}`), {
      x: margin,
      y: 25,
      size: 8,
      font,
      color: grey,
    });
  });
  return doc.save();
}
