import fc from "fast-check";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * Property-based fuzzing (fast-check) of every server action and route handler input, signed in as
 * Camille: arbitrary JSON, strings, unicode, huge values, prototype-pollution keys, FormData and
 * multipart bodies. Invalid input gets only a validation answer ({ok:false, code:"VALIDATION"} with
 * a French message, or a 4xx with a French message): never a throw, never a 500, never a change
 * (both databases and the sandbox's HubSpot state compared around each entry point's whole run).
 * The entry points are the ones found in the source tree (see inventory.ts).
 */
const who = vi.hoisted(() => ({ contactId: null as string | null }));

vi.mock("@/lib/auth/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/session")>();
  const { AppError } = await import("@/lib/errors");
  const { sessionFor: make } = await import("./support");
  return {
    ...original,
    getCustomerSession: async () => make(who.contactId),
    requireCustomer: async () => {
      const s = make(who.contactId);
      if (!s) throw new Error("redirect to sign-in");
      return s;
    },
    requireCustomerForApi: async () => {
      const s = make(who.contactId);
      if (!s) throw new AppError("UNAUTHENTICATED", "no valid customer session");
      return s;
    },
    signOutEverywhere: async () => {},
  };
});
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest-fuzz", "x-forwarded-for": "127.0.0.1" }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<object>()), revalidatePath: () => {}, revalidateTag: () => {} }));

import { addressIdSchema, addressSchema, codeDeliverySchema, codeSchema, contactDetailsSchema, mobileNumberSchema, erasureRequestSchema, exportIdSchema, preferencesSchema, updateAddressSchema } from "@/lib/account/schemas";
import { bookAppointmentInput } from "@/lib/bookings/book-appointment";
import { cancelBookingInput } from "@/lib/bookings/cancel-booking";
import { listSlotsInput } from "@/lib/bookings/list-slots";
import { rescheduleBookingInput } from "@/lib/bookings/reschedule-booking";
import { confirmSignatureSchema, refuseQuoteSchema, signingRequestSchema } from "@/lib/documents/schemas";
import { computeSignatureV3 } from "@/lib/hubspot/webhooks";
import { newConversationSchema, replySchema } from "@/lib/messages/schemas";
import * as exportRoute from "@/app/(portal)/compte/export/[id]/route";
import * as avisRoute from "@/app/(portal)/interventions/[id]/avis/route";
import * as quotePdfRoute from "@/app/api/documents/devis/[id]/pdf/route";
import * as invoicePdfRoute from "@/app/api/documents/factures/[id]/pdf/route";
import * as photoRoute from "@/app/api/interventions/[id]/photos/[fileId]/route";
import * as reportRoute from "@/app/api/interventions/[id]/report/route";
import * as interventionRoute from "@/app/api/interventions/[id]/route";
import * as attachmentRoute from "@/app/api/messages/[id]/attachments/[fileId]/route";
import * as threadRoute from "@/app/api/messages/[id]/route";
import * as uploadsRoute from "@/app/api/messages/uploads/route";
import * as manageIcsRoute from "@/app/api/rdv/[token]/ics/route";
import * as icsRoute from "@/app/api/rendez-vous/[bookingId]/ics/route";
import * as photosRoute from "@/app/api/rendez-vous/photos/route";
import * as webhookRoute from "@/app/api/webhooks/hubspot/route";
import * as replyActions from "@/lib/messages/actions/reply";
import * as newConversationActions from "@/lib/messages/actions/start-conversation";
import * as bookingActions from "@/lib/bookings/actions/bookings";
import * as manageActions from "@/lib/bookings/actions/manage-by-link";
import * as surveyActions from "@/lib/surveys/actions/submit-survey";
import * as addressActions from "@/lib/account/actions/addresses";
import * as bookWithAddressActions from "@/lib/account/actions/book-appointment";
import * as contactChangeActions from "@/lib/account/actions/confirm-contact-change";
import * as mobileCodeActions from "@/lib/account/actions/mobile-code";
import * as erasureActions from "@/lib/account/actions/erasure";
import * as exportActions from "@/lib/account/actions/export-data";
import * as saveLanguageActions from "@/lib/account/actions/save-language";
import * as preferencesActions from "@/lib/account/actions/save-preferences";
import * as detailsActions from "@/lib/account/actions/update-details";
import * as refuseActions from "@/lib/documents/actions/refuse-quote";
import * as signingCodeActions from "@/lib/documents/actions/request-signing-code";
import * as signActions from "@/lib/documents/actions/sign-quote";
import * as setLocaleActions from "@/lib/i18n/actions/set-locale";
import * as signInActions from "@/lib/auth/actions/sign-in";
import { attemptIdSchema } from "@/lib/auth/identity";
import { startPortalStack, type PortalStack } from "../messages/support";
import { SECRET } from "../hubspot/support/stack";
import { findRouteHandlers, findServerActions } from "./inventory";
import { isFrenchMessage, params, portalState, route } from "./support";

const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

// ---------------------------------------------------------------- hostile values

const POLLUTION_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "__defineGetter__"];
const nasty = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "%",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${7*7}",
  "\u202e\u0301\ud83d\ude00",
  "\ud800",
  "9".repeat(30),
  "-1",
  "1e309",
  "NaN",
  "null",
  "x".repeat(100_000),
  "é".repeat(5_000),
);
const pollution = fc
  .tuple(fc.constantFrom(...POLLUTION_KEYS), fc.jsonValue())
  .map(([k, v]) => JSON.parse(`{${JSON.stringify(k)}: {"polluted": ${JSON.stringify(v ?? null)}}, ${JSON.stringify(k + "x")}: 1}`) as unknown);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 100 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
  fc.integer(),
  fc.double(),
  pollution,
  fc.constant(undefined),
);

/** Objects shaped like the real input: the schema's own keys (and pollution keys) with hostile values. */
function shapedLike(keys: readonly string[]): fc.Arbitrary<unknown> {
  return fc.dictionary(fc.constantFrom(...keys, ...POLLUTION_KEYS), hostileValue, { maxKeys: keys.length + 2 });
}

function inputsFor(keys: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: shapedLike(keys) }, { weight: 2, arbitrary: hostileValue }, { weight: 1, arbitrary: pollution });
}

const keysOf = (schema: z.ZodType): string[] => {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : ["id"];
};

// ---------------------------------------------------------------- server actions

type ActionFn = (input: unknown) => Promise<unknown>;
interface ActionFuzz {
  fn: ActionFn;
  /** The action's zod schema: inputs it accepts are skipped (valid input may legitimately change things). */
  schema?: z.ZodType;
  keys?: string[];
  /** What an answer to invalid input must look like. */
  check?: (result: unknown) => boolean;
}

/** Field messages too: the schemas' own, or zod's defaults in French (FRENCH_ZOD_ERRORS). */
const frenchFields = (fieldErrors: unknown) => Object.values((fieldErrors ?? {}) as Record<string, unknown>).every(isFrenchMessage);
const validation = (r: unknown) => {
  const x = r as { ok?: boolean; code?: string; error?: unknown; fieldErrors?: unknown };
  return x?.ok === false && x.code === "VALIDATION" && isFrenchMessage(x.error) && frenchFields(x.fieldErrors);
};

const contactChangeSchema = codeSchema.extend({ purpose: z.enum(["email-change", "phone-change"]) });

const ACTIONS: Record<string, ActionFuzz> = {
  "lib/messages/actions/reply.ts#replyAction": { fn: replyActions.replyAction, schema: replySchema },
  "lib/messages/actions/start-conversation.ts#startConversationAction": { fn: newConversationActions.startConversationAction, schema: newConversationSchema },
  "lib/bookings/actions/bookings.ts#bookAction": { fn: bookingActions.bookAction, schema: bookAppointmentInput },
  "lib/account/actions/book-appointment.ts#bookAndRememberAddressAction": { fn: bookWithAddressActions.bookAndRememberAddressAction, schema: bookAppointmentInput },
  "lib/bookings/actions/bookings.ts#slotsForAddressAction": { fn: bookingActions.slotsForAddressAction, schema: listSlotsInput },
  "lib/bookings/actions/bookings.ts#rescheduleAction": { fn: bookingActions.rescheduleAction, schema: rescheduleBookingInput },
  "lib/bookings/actions/bookings.ts#cancelAction": { fn: bookingActions.cancelAction, schema: cancelBookingInput },
  "lib/bookings/actions/manage-by-link.ts#manageRescheduleAction": {
    fn: manageActions.manageRescheduleAction,
    keys: ["token", ...keysOf(rescheduleBookingInput)],
    // Refused as invalid input, or (a well-formed but unsigned token) as an invalid link.
    check: (r) => {
      const x = r as { ok?: boolean; code?: string; error?: unknown };
      return x?.ok === false && (x.code === "VALIDATION" || x.code === "FORBIDDEN") && isFrenchMessage(x.error) && frenchFields((x as { fieldErrors?: unknown }).fieldErrors);
    },
  },
  "lib/bookings/actions/manage-by-link.ts#manageCancelAction": {
    fn: manageActions.manageCancelAction,
    keys: ["token", "bookingId"],
    check: (r) => {
      const x = r as { ok?: boolean; code?: string; error?: unknown };
      return x?.ok === false && (x.code === "VALIDATION" || x.code === "FORBIDDEN") && isFrenchMessage(x.error) && frenchFields((x as { fieldErrors?: unknown }).fieldErrors);
    },
  },
  "lib/surveys/actions/submit-survey.ts#submitSurveyAction": {
    fn: surveyActions.submitSurveyAction,
    keys: ["token", "answers"],
    check: (r) => {
      const x = r as { status?: string; fieldErrors?: unknown };
      return ["validation", "invalid", "expired", "foreign", "used", "not_ready"].includes(String(x?.status)) && frenchFields(x.fieldErrors);
    },
  },
  "lib/account/actions/addresses.ts#addAddressAction": { fn: addressActions.addAddressAction, schema: addressSchema },
  "lib/account/actions/addresses.ts#updateAddressAction": { fn: addressActions.updateAddressAction, schema: updateAddressSchema },
  "lib/account/actions/addresses.ts#setDefaultAddressAction": { fn: addressActions.setDefaultAddressAction, schema: addressIdSchema },
  "lib/account/actions/addresses.ts#removeAddressAction": { fn: addressActions.removeAddressAction, schema: addressIdSchema },
  "lib/account/actions/confirm-contact-change.ts#confirmContactChangeAction": { fn: contactChangeActions.confirmContactChangeAction, schema: contactChangeSchema },
  "lib/account/actions/mobile-code.ts#requestMobileCodeAction": { fn: mobileCodeActions.requestMobileCodeAction, schema: mobileNumberSchema },
  "lib/account/actions/mobile-code.ts#mobileCodeDeliveryAction": { fn: mobileCodeActions.mobileCodeDeliveryAction, schema: codeDeliverySchema },
  "lib/account/actions/erasure.ts#requestErasureAction": { fn: erasureActions.requestErasureAction, schema: erasureRequestSchema },
  "lib/account/actions/erasure.ts#confirmErasureAction": { fn: erasureActions.confirmErasureAction, schema: codeSchema },
  "lib/account/actions/export-data.ts#requestExportAction": { fn: exportActions.requestExportAction, schema: z.object({}) },
  "lib/account/actions/export-data.ts#exportStatusAction": { fn: exportActions.exportStatusAction, schema: exportIdSchema },
  "lib/account/actions/save-preferences.ts#savePreferencesAction": { fn: preferencesActions.savePreferencesAction, schema: preferencesSchema },
  "lib/account/actions/update-details.ts#updateDetailsAction": { fn: detailsActions.updateDetailsAction, schema: contactDetailsSchema },
  "lib/documents/actions/refuse-quote.ts#refuseQuoteAction": { fn: refuseActions.refuseQuoteAction, schema: refuseQuoteSchema },
  "lib/documents/actions/request-signing-code.ts#requestSigningCodeAction": { fn: signingCodeActions.requestSigningCodeAction, schema: signingRequestSchema },
  "lib/documents/actions/sign-quote.ts#signQuoteAction": { fn: signActions.signQuoteAction, schema: confirmSignatureSchema },
  // Public (the sign-in panel asks where its email stands): anything but an attempt id is refused in French.
  "lib/auth/actions/sign-in.ts#signInDeliveryAction": { fn: signInActions.signInDeliveryAction, schema: attemptIdSchema, keys: ["attemptId"] },
};

/** FormData actions (plain forms): hostile fields must be ignored, never thrown on, never saved. */
const FORM_ACTIONS: Record<string, { fn: (form: FormData) => Promise<unknown>; field: string }> = {
  "lib/account/actions/save-language.ts#saveLanguageFormAction": { fn: saveLanguageActions.saveLanguageFormAction, field: "language" },
  "lib/i18n/actions/set-locale.ts#setLocaleAction": { fn: setLocaleActions.setLocaleAction, field: "locale" },
};

const ACTIONS_NOT_FUZZED: Record<string, string> = {
  "lib/auth/actions/sign-out.ts#signOutAction": "takes no input (signs the caller out)",
  "lib/auth/actions/sign-out.ts#signOutEverywhereAction": "takes no input (revokes the caller's sessions)",
  "lib/outbox/actions/retry-dead.ts#retryDeadAction": "development page only (refused in production), no customer input",
};

// ---------------------------------------------------------------- routes

const idString = fc.oneof(nasty, fc.string({ unit: "grapheme", maxLength: 200 }), fc.string({ unit: "binary", maxLength: 60 }), fc.stringMatching(/^\d{1,25}$/), fc.uuid(), fc.constantFrom(...POLLUTION_KEYS));
const query = fc.dictionary(fc.oneof(fc.constantFrom("taille", "telechargement", "download", "disposition", "__proto__"), fc.string({ maxLength: 10 })), fc.oneof(nasty, fc.string({ maxLength: 50 })), { maxKeys: 3 });

function urlWith(pathname: string, q: Record<string, string>): string {
  const u = new URL(pathname.replace(/[^\x21-\x7e]/g, "_"), "http://127.0.0.1:3999");
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  return u.toString();
}

type RouteFuzz = { arb: fc.Arbitrary<{ request: Request; context: { params: Promise<unknown> } }>; call: (r: Request, c: { params: Promise<unknown> }) => Promise<Response>; expect?: "json4xx" | "redirect" | "no5xx" };

const oneId = (p: (id: string) => string, key: string) =>
  fc.tuple(idString, query).map(([id, q]) => ({ request: route(urlWith(p(id), q)), context: params({ [key]: id }) }));
const twoIds = (p: (a: string, b: string) => string) =>
  fc.tuple(idString, idString, query).map(([a, b, q]) => ({ request: route(urlWith(p(a, b), q)), context: params({ id: a, fileId: b }) }));

/** Multipart and non-multipart bodies: random boundaries, truncated parts, random bytes, a huge declared length. */
const uploadBody = fc
  .tuple(
    fc.constantFrom("multipart/form-data; boundary=xyz", "multipart/form-data", "application/json", "text/plain", "multipart/form-data; boundary=", ""),
    fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.string({ maxLength: 500 }).map((s) => new TextEncoder().encode(`--xyz\r\nContent-Disposition: form-data; name="file"; filename="${s}"\r\nContent-Type: image/png\r\n\r\n${s}\r\n--xyz--\r\n`)),
      fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(`--xyz\r\nContent-Disposition: form-data; name="${s}"\r\n\r\n${s}`)),
    ),
    fc.option(fc.constantFrom("999999999999", "-5", "abc"), { nil: undefined }),
  )
  .map(([type, bytes, length]) => {
    const headers: Record<string, string> = {};
    if (type) headers["content-type"] = type;
    if (length) headers["content-length"] = length;
    return { request: route("/api/upload", { method: "POST", headers, body: bytes as unknown as BodyInit }), context: params({}) };
  });

let siteUrl = "http://127.0.0.1:1";
/** Correctly signed webhooks with hostile bodies (and unsigned ones): never 500, nothing changes. */
const webhookBody = fc
  .tuple(fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 400 }), fc.array(fc.record({ objectId: hostileValue, subscriptionType: hostileValue, eventId: hostileValue, occurredAt: hostileValue }), { maxLength: 5 }).map((v) => { try { return JSON.stringify(v); } catch { return "[]"; } })), fc.boolean())
  .map(([body, signed]) => {
    const uri = `${new URL(siteUrl).origin}/api/webhooks/hubspot`;
    const ts = String(Date.now());
    const headers: Record<string, string> = { "content-type": "application/json", "x-hubspot-request-timestamp": ts };
    headers["x-hubspot-signature-v3"] = signed ? computeSignatureV3(SECRET, "POST", uri, body, ts) : "forged";
    return { request: new Request(uri, { method: "POST", headers, body }), context: params({}) };
  });

const ROUTES: Record<string, RouteFuzz> = {
  "app/(portal)/compte/export/[id]/route.ts GET": { arb: oneId((id) => `/compte/export/${id}`, "id"), call: exportRoute.GET as RouteFuzz["call"] },
  "app/(portal)/interventions/[id]/avis/route.ts GET": { arb: oneId((id) => `/interventions/${id}/avis`, "id"), call: avisRoute.GET as RouteFuzz["call"], expect: "redirect" },
  "app/api/documents/devis/[id]/pdf/route.ts GET": { arb: oneId((id) => `/api/documents/devis/${id}/pdf`, "id"), call: quotePdfRoute.GET as RouteFuzz["call"] },
  "app/api/documents/factures/[id]/pdf/route.ts GET": { arb: oneId((id) => `/api/documents/factures/${id}/pdf`, "id"), call: invoicePdfRoute.GET as RouteFuzz["call"] },
  "app/api/interventions/[id]/photos/[fileId]/route.ts GET": { arb: twoIds((a, b) => `/api/interventions/${a}/photos/${b}`), call: photoRoute.GET as RouteFuzz["call"] },
  "app/api/interventions/[id]/report/route.ts GET": { arb: oneId((id) => `/api/interventions/${id}/report`, "id"), call: reportRoute.GET as RouteFuzz["call"] },
  "app/api/interventions/[id]/route.ts GET": { arb: oneId((id) => `/api/interventions/${id}`, "id"), call: interventionRoute.GET as RouteFuzz["call"] },
  "app/api/messages/[id]/attachments/[fileId]/route.ts GET": { arb: twoIds((a, b) => `/api/messages/${a}/attachments/${b}`), call: attachmentRoute.GET as RouteFuzz["call"] },
  "app/api/messages/[id]/route.ts GET": { arb: oneId((id) => `/api/messages/${id}`, "id"), call: threadRoute.GET as RouteFuzz["call"] },
  "app/api/messages/uploads/route.ts POST": { arb: uploadBody, call: uploadsRoute.POST as RouteFuzz["call"] },
  "app/api/rdv/[token]/ics/route.ts GET": { arb: oneId((t) => `/api/rdv/${t}/ics`, "token"), call: manageIcsRoute.GET as RouteFuzz["call"] },
  "app/api/rendez-vous/[bookingId]/ics/route.ts GET": { arb: oneId((id) => `/api/rendez-vous/${id}/ics`, "bookingId"), call: icsRoute.GET as RouteFuzz["call"] },
  "app/api/rendez-vous/photos/route.ts POST": { arb: uploadBody, call: photosRoute.POST as RouteFuzz["call"] },
  "app/api/webhooks/hubspot/route.ts POST": { arb: webhookBody, call: ((r: Request) => webhookRoute.POST(r)) as RouteFuzz["call"], expect: "no5xx" },
};

const ROUTES_NOT_FUZZED: Record<string, string> = {
  "app/api/[...inconnu]/route.ts GET": "no input: unknown API addresses, always a JSON 404",
  "app/api/[...inconnu]/route.ts POST": "no input: unknown API addresses, always a JSON 404",
  "app/api/auth/[...nextauth]/route.ts GET": "next-auth's own handler (sign-in is fuzzed through the auth tests)",
  "app/api/auth/[...nextauth]/route.ts POST": "next-auth's own handler (sign-in is fuzzed through the auth tests)",
  "app/api/health/route.ts GET": "no input",
  "app/api/ready/route.ts GET": "no input",
  "app/api/metrics/route.ts GET": "no input but its headers (loopback / bearer token: tests/telemetry/metrics.test.ts)",
  "app/api/live/route.ts GET": "no input (the session's contact only)",
  "app/api/adresses/route.ts GET": "free text answered with suggestions (200): hostile queries never 500, tests/geo/suggest-route.test.ts",
};

// ---------------------------------------------------------------- suite

let stack: PortalStack;
beforeAll(async () => {
  stack = await startPortalStack();
  siteUrl = stack.siteUrl;
  who.contactId = stack.camille;
}, 180_000);
afterAll(async () => {
  who.contactId = null;
  await stack?.closeAll();
});

describe("fuzzed entry points = the entry points in the source tree", () => {
  it("every server action is fuzzed (or has a documented reason)", () => {
    expect(findServerActions()).toEqual([...Object.keys(ACTIONS), ...Object.keys(FORM_ACTIONS), SIGN_IN, ...Object.keys(ACTIONS_NOT_FUZZED)].sort());
  });
  it("every route handler is fuzzed (or has no input)", () => {
    expect(findRouteHandlers()).toEqual([...Object.keys(ROUTES), ...Object.keys(ROUTES_NOT_FUZZED)].sort());
  });
});

describe("server actions: hostile input → only a French validation answer, nothing changes", () => {
  it.each(Object.entries(ACTIONS))("%s", async (_key, a) => {
    const before = await portalState(stack);
    const keys = a.keys ?? keysOf(a.schema!);
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(inputsFor(keys), async (input) => {
        fc.pre(!a.schema || !a.schema.safeParse(input).success);
        tried++;
        let result: unknown;
        try {
          result = await a.fn(input);
        } catch (error) {
          throw new Error(`threw ${String(error)}`);
        }
        expect((a.check ?? validation)(result), JSON.stringify(result)?.slice(0, 300)).toBe(true);
      }),
      { numRuns: RUNS, maxSkipsPerRun: 5 },
    );
    expect(tried).toBeGreaterThan(RUNS / 2);
    expect(await portalState(stack)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(Object.entries(FORM_ACTIONS))("%s (FormData)", async (_key, a) => {
    const before = await portalState(stack);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof(fc.constant(a.field), fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 20 })), fc.oneof(nasty, fc.string({ unit: "grapheme", maxLength: 200 }))), { maxLength: 6 }), async (entries) => {
        fc.pre(!entries.some(([k, v]) => k === a.field && (v === "fr" || v === "en")));
        const form = new FormData();
        for (const [k, v] of entries) form.append(k, v);
        await a.fn(form);
      }),
      { numRuns: RUNS },
    );
    expect(await portalState(stack)).toEqual(before);
  });
});

const SIGN_IN = "lib/auth/actions/sign-in.ts#requestSignInFormAction";
describe("the public sign-in form: hostile identifiers → a French 'invalid' (or rate-limited) answer, nothing sent", () => {
  it(SIGN_IN, async () => {
    const before = await portalState(stack);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(nasty, fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ unit: "binary", maxLength: 80 })),
        fc.oneof(nasty, fc.string({ maxLength: 100 }), fc.constantFrom("//evil.example", "https://evil.example/", "/\\evil", "javascript:alert(1)")),
        async (identifiant, retour) => {
          // Something that could be a real email or phone number may legitimately send a link.
          fc.pre(!identifiant.includes("@") && (identifiant.match(/\d/g) ?? []).length < 6);
          const form = new FormData();
          form.set("identifiant", identifiant);
          form.set("retour", retour);
          const reply = await signInActions.requestSignInFormAction(null, form);
          expect(["invalid", "rate-limited"], JSON.stringify(reply)).toContain(reply.status);
          expect(isFrenchMessage(reply.message), reply.message).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
    const after = await portalState(stack);
    // Only the per-IP rate-limit counters may move; no attempt, no email/SMS in the outbox.
    for (const key of Object.keys(before)) if (!/rate_limits$/.test(key)) expect(after[key], key).toBe(before[key]);
  });
});

describe("route handlers: hostile ids, queries and bodies → 4xx with a French message, never 500, nothing changes", () => {
  it.each(Object.entries(ROUTES))("%s", async (_key, r) => {
    const before = await portalState(stack);
    await fc.assert(
      fc.asyncProperty(r.arb, async ({ request, context }) => {
        const res = await r.call(request, context);
        const text = await res.text();
        const detail = `${res.status} ${text.slice(0, 200)}`;
        if (r.expect === "redirect") {
          expect(res.status, detail).toBe(303);
          expect(new URL(res.headers.get("location")!).origin).toBe(new URL(siteUrl).origin);
          return;
        }
        expect(res.status, detail).toBeLessThan(500);
        // A correctly signed empty batch ("[]") is a valid webhook: 200, and still nothing changes.
        if (r.expect === "no5xx") return;
        expect(res.status, detail).toBeGreaterThanOrEqual(400);
        expect(isFrenchMessage((JSON.parse(text) as { error?: unknown }).error), detail).toBe(true);
        expect(res.headers.get("cache-control") ?? "", detail).toContain("no-store");
      }),
      { numRuns: RUNS },
    );
    const after = await portalState(stack);
    // A rejected signed webhook may record its event id; nothing else may change.
    expect(after).toEqual(before);
  });
});
