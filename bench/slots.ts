/**
 * Slot engine timing: 60 days of slots for 5 (then 10) technicians with 300 existing jobs.
 * Run: npx tsx bench/slots.ts [runs]
 * Pure CPU, no sandbox or database. Prints the first (cold) run and p50/p95 of the warm runs.
 */
import { performance } from "node:perf_hooks";
import { bookingRulesSchema, busyIntervalSchema, technicianAvailabilitySchema, type BusyInterval, type TechnicianAvailability } from "@/lib/bookings/availability";
import { computeSlots } from "@/lib/bookings/slots";
import { getService } from "@/lib/bookings/catalogue";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";
import { TECHNICIANS, TOWNS } from "@/sandbox/seed/data";

const runs = Number(process.argv[2] ?? 200);
const now = new Date("2026-11-24T09:00:00Z");

// Deterministic pseudo-random numbers (mulberry32), so runs compare.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scenario(techCount: number, jobCount: number) {
  const rand = random(42);
  const hours = [{ start: "08:00", end: "12:00" }, { start: "13:30", end: "17:30" }];
  const technicians: TechnicianAvailability[] = Array.from({ length: techCount }, (_, i) => {
    const town = TOWNS[i % TOWNS.length]!;
    return technicianAvailabilitySchema.parse({
      id: TECHNICIANS[i]?.id ?? `tech-${i}`,
      firstName: TECHNICIANS[i]?.firstName ?? `Tech ${i}`,
      skills: ["depannage", "diagnostic", "entretien", "borne_recharge", "mise_aux_normes"],
      home: { lat: town.lat, lng: town.lng },
      weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
    });
  });
  const busy: BusyInterval[] = Array.from({ length: jobCount }, () => {
    const tech = technicians[Math.floor(rand() * techCount)]!;
    const day = 1 + Math.floor(rand() * 60);
    const startHour = 6 + Math.floor(rand() * 9); // 06:00Z … 14:00Z, i.e. 07:00 … 15:00 Paris in winter
    const start = Date.UTC(2026, 10, 24 + day, startHour, rand() < 0.5 ? 0 : 30);
    const town = TOWNS[Math.floor(rand() * TOWNS.length)]!;
    return busyIntervalSchema.parse({
      technicianId: tech.id,
      start: new Date(start).toISOString(),
      end: new Date(start + (60 + Math.floor(rand() * 4) * 30) * 60_000).toISOString(),
      location: { lat: town.lat, lng: town.lng },
      source: "reservation",
    });
  });
  return { technicians, busy };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const rules = bookingRulesSchema.parse({ horizonDays: 60 });
const service = getService("depannage", DEMO_SETTINGS.services);
const customerLocation = { lat: 45.7505, lng: 4.8275 };

for (const techCount of [5, 10]) {
  const { technicians, busy } = scenario(techCount, 300);
  const input = { service, customerLocation, technicians, busy, rules, now };
  const times: number[] = [];
  let slots = 0;
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    const result = computeSlots(input);
    times.push(performance.now() - t0);
    slots = result.days.reduce((n, d) => n + d.slots.length, 0);
  }
  const cold = times.shift() ?? NaN;
  times.sort((a, b) => a - b);
  console.log(
    `slots: ${techCount} technicians, 300 jobs, 60 days → ${slots} start times; cold ${cold.toFixed(2)} ms; warm p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms (${runs} runs)`,
  );
}
