import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db/client";
import { currentDb } from "@/lib/db/current";
import { rateLimits } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createBanGeocoder, searchCommunes, words, type BanGeocoder } from "@/lib/geo";

/** What an address field offers as the customer types: the form fills its street, postcode and town from one. */
export interface AddressChoice {
  label: string;
  line: string;
  zip: string;
  city: string;
}

export const SUGGESTION_LIMIT = 5;
/** Per customer session: a field asks once per pause in typing (~250 ms), a person types far less than this. */
export const SUGGESTION_RATE = { points: 60, duration: 60 } as const;

/** What was typed, on one line; past 200 characters it is no address (the BAN's own limit): cut. */
const normalizeQuery = (q: string) => q.normalize("NFC").replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);

const limiters = new WeakMap<Db, RateLimiterDrizzle>();
function limiterFor(db: Db): RateLimiterDrizzle {
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: "address-suggest", ...SUGGESTION_RATE, clearExpiredByTimeout: false });
    limiters.set(db, limiter);
  }
  return limiter;
}

/** The street part of what was typed, once the town (or its postcode) a suggestion names is taken off: "12 rue des Lilas villefr" → "12 rue des Lilas". */
export function streetPart(q: string, city: string, zip: string): string {
  const cityWords = words(city).split(" ");
  const tokens = q.replace(/,/g, " ").split(" ").filter(Boolean);
  while (tokens.length > 0) {
    const w = words(tokens.at(-1)!);
    if (w === "" || w === zip || (/^\d+$/.test(w) && w.length >= 2 && zip.startsWith(w)) || cityWords.some((c) => c.startsWith(w)) || w === "france") tokens.pop();
    else break;
  }
  const line = tokens.join(" ");
  return /[a-zA-ZÀ-ÿ]/.test(line) && /\d|\s/.test(line) ? line : "";
}

/**
 * Up to 5 addresses for what the customer is typing: the Base Adresse Nationale's autocompletion;
 * when it cannot answer, France's communes (offline) matched by postcode or name, with the typed
 * street kept. Limited per session (60 a minute, in the shared database: every instance counts).
 */
export async function suggestAddresses(
  session: { sessionId: string },
  rawQuery: string,
  deps: { db?: Db; geocoder?: Pick<BanGeocoder, "suggest"> } = {},
): Promise<AddressChoice[]> {
  const q = normalizeQuery(rawQuery);
  if (q.length < 3) return [];
  const db = deps.db ?? (await currentDb());
  try {
    await limiterFor(db).consume(session.sessionId, 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      throw new AppError("RATE_LIMITED", "address suggestions: session limit", {
        userMessage: "Trop de recherches d'adresse d'affilée : patientez une minute, ou saisissez l'adresse en entier.",
        details: { retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) },
      });
    }
    throw error;
  }
  const geocoder = deps.geocoder ?? createBanGeocoder({ baseUrl: getEnv().banApiUrl, timeoutMs: getEnv().BAN_TIMEOUT_MS, db: async () => db });
  const fromBan = await geocoder.suggest(q, SUGGESTION_LIMIT);
  if (fromBan && fromBan.length > 0) {
    return fromBan.map((s) => {
      const line = s.line && s.precision !== "commune" ? s.line : streetPart(q, s.city, s.zip);
      return { label: line ? `${line}, ${s.zip} ${s.city}` : `${s.zip} ${s.city}`, line, zip: s.zip, city: s.city };
    });
  }
  // The BAN could not answer (or knew nothing): the communes named by the end of the text.
  const zip = /\b(\d{5})\b/.exec(q)?.[1];
  const tail = zip ?? q.split(/[\s,]+/).slice(-3).join(" ");
  let communes = searchCommunes(tail, SUGGESTION_LIMIT);
  for (let n = 2; communes.length === 0 && n >= 1; n--) communes = searchCommunes(q.split(/[\s,]+/).slice(-n).join(" "), SUGGESTION_LIMIT);
  return communes.map((c) => {
    const postcode = zip && c.postcodes.includes(zip) ? zip : (c.postcodes[0] ?? "");
    const line = streetPart(q, c.city, postcode);
    return { label: line ? `${line}, ${postcode} ${c.city}` : `${postcode} ${c.city}`, line, zip: postcode, city: c.city };
  });
}
