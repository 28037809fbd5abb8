import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * Cross-customer access, generated over the whole customer surface: every route handler, every
 * server action and every core function that takes an object id is called as Camille (10001) with
 * Antoine's (10002) ids. Each must refuse (404/403, or AppError NOT_FOUND/FORBIDDEN — CONFLICT
 * where an idempotency key is the "id") with a French message, and change nothing: every table of
 * the portal database and the sandbox's HubSpot state are equal before and after, no outbox row.
 * The lists of routes, actions and core functions are read from the source tree and must equal the
 * cases below (plus the documented exemptions), so a new entry point without a case fails here.
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
  headers: async () => new Headers({ "user-agent": "vitest-security", "x-forwarded-for": "127.0.0.1" }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<object>()), revalidatePath: () => {}, revalidateTag: () => {} }));

import { addAddress, getAddress, removeAddress, setDefaultAddress, updateAddress } from "@/lib/account/addresses";
import { requestErasure } from "@/lib/account/erasure";
import { getExportStatus, readExportArchive, requestDataExport } from "@/lib/account/export-data";
import { codeDelivery, updateContactDetails } from "@/lib/account/update-contact-details";
import { bookAppointment } from "@/lib/bookings/book-appointment";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { getBooking, getBookingPage } from "@/lib/bookings/list-appointments";
import { listRescheduleSlots } from "@/lib/bookings/list-slots";
import { rescheduleBooking } from "@/lib/bookings/reschedule-booking";
import { BOOKING_UPLOAD_PURPOSE } from "@/lib/bookings/store";
import { signManageToken } from "@/lib/bookings/tokens";
import { getInvoiceDocument, getQuoteDocument } from "@/lib/documents/get-document";
import { loadDocumentLists } from "@/lib/documents/list-documents";
import { recordQuoteOpened } from "@/lib/documents/open-quote";
import { getInvoicePdf, getQuotePdf } from "@/lib/documents/render-documents";
import { loadSignableQuote } from "@/lib/documents/request-signing-code";
import { getCustomer, listInterventions } from "@/lib/hubspot/queries";
import { getInterventionReport, getInterventionPhoto } from "@/lib/interventions/files";
import { getInterventionDetail } from "@/lib/interventions/get-intervention-detail";
import { publishLive } from "@/lib/live/process-bus";
import { getMessageAttachment } from "@/lib/messages/attachments";
import { getThread, listConversationThreads } from "@/lib/messages/get-thread";
import { UPLOAD_PURPOSE } from "@/lib/messages/send-message";
import { surveyLinkForCustomer } from "@/lib/surveys/survey-link";
import { issueSurveyToken } from "@/lib/surveys/token";
import { surveyOpen } from "@/lib/model/intervention-stages";
import { storeUpload } from "@/lib/uploads/store-upload";
import { validateUpload } from "@/lib/uploads/validate-upload";
import * as exportRoute from "@/app/(portal)/compte/export/[id]/route";
import * as avisRoute from "@/app/(portal)/interventions/[id]/avis/route";
import * as quotePdfRoute from "@/app/api/documents/devis/[id]/pdf/route";
import * as invoicePdfRoute from "@/app/api/documents/factures/[id]/pdf/route";
import * as photoRoute from "@/app/api/interventions/[id]/photos/[fileId]/route";
import * as reportRoute from "@/app/api/interventions/[id]/report/route";
import * as interventionRoute from "@/app/api/interventions/[id]/route";
import * as liveRoute from "@/app/api/live/route";
import * as attachmentRoute from "@/app/api/messages/[id]/attachments/[fileId]/route";
import * as threadRoute from "@/app/api/messages/[id]/route";
import * as manageIcsRoute from "@/app/api/rdv/[token]/ics/route";
import * as icsRoute from "@/app/api/rendez-vous/[bookingId]/ics/route";
import * as replyActions from "@/lib/messages/actions/reply";
import * as newConversationActions from "@/lib/messages/actions/start-conversation";
import * as bookingActions from "@/lib/bookings/actions/bookings";
import * as manageActions from "@/lib/bookings/actions/manage-by-link";
import * as surveyActions from "@/lib/surveys/actions/submit-survey";
import * as addressActions from "@/lib/account/actions/addresses";
import { bookAndRememberAddress } from "@/lib/account/book-appointment";
import * as bookWithAddressActions from "@/lib/account/actions/book-appointment";
import * as contactChangeActions from "@/lib/account/actions/confirm-contact-change";
import * as mobileCodeActions from "@/lib/account/actions/mobile-code";
import * as erasureActions from "@/lib/account/actions/erasure";
import * as exportActions from "@/lib/account/actions/export-data";
import * as refuseActions from "@/lib/documents/actions/refuse-quote";
import * as signingCodeActions from "@/lib/documents/actions/request-signing-code";
import * as signActions from "@/lib/documents/actions/sign-quote";
import { deps as bookingTestDeps, WED_8H, JULIEN } from "../bookings/support";
import { startPortalStack, type PortalStack } from "../messages/support";
import { findRouteHandlers, findServerActions } from "./inventory";
import { isFrenchMessage, outcomeOf, params, pngBytes, portalState, route, uuid, type Outcome } from "./support";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Antoine's objects of every type, read or created as Antoine before the attacks. */
interface Foreign {
  ticketId: string; // an intervention ticket with photos and a report
  surveyTicketId: string; // a done intervention (survey link possible)
  photoFileId: string;
  reportFileId: string;
  camilleTicketId: string; // Camille's own intervention (mixed with Antoine's file)
  quoteId: string; // pending (signable)
  invoiceId: string;
  conversationId: string;
  camilleConversationId: string;
  messageUploadId: string;
  bookingUploadId: string;
  bookingId: string;
  bookingKey: string; // its idempotency key
  addressId: string;
  exportId: string;
  verificationId: string; // a pending e-mail change code
  erasureVerificationId: string;
  surveyToken: string; // Antoine's own link
}

type Expect = "refused" | "redirect-away" | "survey-foreign";
interface Case {
  run: (f: Foreign) => Promise<Response | Outcome | unknown>;
  expect?: Expect;
}

/** A route/action/core outcome judged: refused with a French message (and what code). */
async function judge(result: Response | Outcome | unknown, expectKind: Expect): Promise<{ refused: boolean; detail: string }> {
  if (result instanceof Response) {
    if (expectKind === "redirect-away") {
      const location = result.headers.get("location") ?? "";
      return { refused: result.status === 303 && !/\/avis\//.test(location), detail: `${result.status} ${location}` };
    }
    const text = await result.text();
    let body: { error?: unknown } = {};
    try {
      body = JSON.parse(text) as { error?: unknown };
    } catch {
      /* not JSON: not a refusal */
    }
    return { refused: (result.status === 404 || result.status === 403) && isFrenchMessage(body.error), detail: `${result.status} ${text.slice(0, 160)}` };
  }
  if (result && typeof result === "object" && "kind" in result) {
    const o = result as Outcome;
    if (o.kind === "error") return { refused: ["NOT_FOUND", "FORBIDDEN", "CONFLICT", "VALIDATION"].includes(o.code) && isFrenchMessage(o.message), detail: `${o.code}: ${o.message}` };
    if (o.kind === "raw") return { refused: false, detail: `thrown ${o.error}` };
    if (expectKind === "survey-foreign") return { refused: (o.value as { status?: string })?.status === "foreign", detail: JSON.stringify(o.value) };
    // A core function that answers null for "not yours" (surveyLinkForCustomer) counts as refused.
    return { refused: o.value === null, detail: `resolved ${JSON.stringify(o.value)?.slice(0, 160)}` };
  }
  // Server action results.
  const r = result as { ok?: boolean; code?: string; error?: unknown; status?: string };
  if (expectKind === "survey-foreign") return { refused: r?.status === "foreign", detail: JSON.stringify(r) };
  return {
    refused: r?.ok === false && ["NOT_FOUND", "FORBIDDEN", "CONFLICT", "VALIDATION"].includes(String(r.code)) && isFrenchMessage(r.error),
    detail: JSON.stringify(r).slice(0, 200),
  };
}

const get = (url: string) => route(url);
const anyStart = "2026-12-01T08:00:00.000Z";

const ROUTES: Record<string, Case> = {
  "app/(portal)/compte/export/[id]/route.ts GET": { run: (f) => exportRoute.GET(get(`/compte/export/${f.exportId}`), params({ id: f.exportId })) },
  "app/(portal)/interventions/[id]/avis/route.ts GET": { run: (f) => avisRoute.GET(get(`/interventions/${f.surveyTicketId}/avis`), params({ id: f.surveyTicketId })), expect: "redirect-away" },
  "app/api/documents/devis/[id]/pdf/route.ts GET": { run: (f) => quotePdfRoute.GET(get(`/api/documents/devis/${f.quoteId}/pdf`), params({ id: f.quoteId })) },
  "app/api/documents/factures/[id]/pdf/route.ts GET": { run: (f) => invoicePdfRoute.GET(get(`/api/documents/factures/${f.invoiceId}/pdf`), params({ id: f.invoiceId })) },
  "app/api/interventions/[id]/photos/[fileId]/route.ts GET": { run: (f) => photoRoute.GET(get(`/api/interventions/${f.ticketId}/photos/${f.photoFileId}`), params({ id: f.ticketId, fileId: f.photoFileId })) },
  "app/api/interventions/[id]/report/route.ts GET": { run: (f) => reportRoute.GET(get(`/api/interventions/${f.ticketId}/report`), params({ id: f.ticketId })) },
  "app/api/interventions/[id]/route.ts GET": { run: (f) => interventionRoute.GET(get(`/api/interventions/${f.ticketId}`), params({ id: f.ticketId })) },
  "app/api/messages/[id]/attachments/[fileId]/route.ts GET": {
    run: (f) => attachmentRoute.GET(get(`/api/messages/${f.conversationId}/attachments/${f.photoFileId}`), params({ id: f.conversationId, fileId: f.photoFileId })),
  },
  "app/api/messages/[id]/route.ts GET": { run: (f) => threadRoute.GET(get(`/api/messages/${f.conversationId}`), params({ id: f.conversationId })) },
  // The manage link's token is the credential: a token for Camille naming Antoine's booking.
  "app/api/rdv/[token]/ics/route.ts GET": {
    run: async (f) => {
      const token = await signManageToken({ bookingId: f.bookingId, contactId: "10001" });
      return manageIcsRoute.GET(get(`/api/rdv/${encodeURIComponent(token)}/ics`), params({ token: encodeURIComponent(token) }));
    },
  },
  "app/api/rendez-vous/[bookingId]/ics/route.ts GET": { run: (f) => icsRoute.GET(get(`/api/rendez-vous/${f.bookingId}/ics`), params({ bookingId: f.bookingId })) },
};

/** Mixed ids: Camille's own container with Antoine's file. */
const MIXED: Record<string, Case> = {
  "photo: Camille's ticket, Antoine's file": { run: (f) => photoRoute.GET(get(`/api/interventions/${f.camilleTicketId}/photos/${f.photoFileId}`), params({ id: f.camilleTicketId, fileId: f.photoFileId })) },
  "attachment: Camille's conversation, Antoine's file": {
    run: (f) => attachmentRoute.GET(get(`/api/messages/${f.camilleConversationId}/attachments/${f.photoFileId}`), params({ id: f.camilleConversationId, fileId: f.photoFileId })),
  },
  "reply with Antoine's upload in Camille's conversation": {
    run: (f) => replyActions.replyAction({ conversationId: f.camilleConversationId, body: "Bonjour", uploadIds: [f.messageUploadId] }),
  },
  "book with Antoine's photo": {
    run: (f) => bookingActions.bookAction({ service: "depannage", start: anyStart, technicianId: JULIEN, address: "12 rue Royale, 69001 Lyon", uploadIds: [f.bookingUploadId], idempotencyKey: uuid() }),
  },
};

/** Routes without an object id of a customer: what covers them instead. */
const ROUTES_WITHOUT_OBJECT_ID: Record<string, string> = {
  "app/api/[...inconnu]/route.ts GET": "unknown API addresses: a JSON 404, no data",
  "app/api/[...inconnu]/route.ts POST": "unknown API addresses: a JSON 404, no data",
  "app/api/auth/[...nextauth]/route.ts GET": "next-auth (sign-in), no customer object; sign-in is tested in tests/auth",
  "app/api/auth/[...nextauth]/route.ts POST": "next-auth (sign-in), no customer object; sign-in is tested in tests/auth",
  "app/api/health/route.ts GET": "liveness, no data",
  "app/api/adresses/route.ts GET": "address suggestions for the text the caller types: public geography, no customer object (tests/geo/suggest-route.test.ts)",
  "app/api/ready/route.ts GET": "readiness, no customer data",
  "app/api/metrics/route.ts GET": "operators' Prometheus scrape: loopback or METRICS_TOKEN only (a customer gets the unknown-address 404), counts only (tests/telemetry/metrics.test.ts)",
  "app/api/webhooks/hubspot/route.ts POST": "HubSpot's signed webhooks, no customer session (signature tests in tests/hubspot)",
  "app/api/messages/uploads/route.ts POST": "creates the caller's own upload (no id in); attaching a foreign upload is a MIXED case",
  "app/api/rendez-vous/photos/route.ts POST": "creates the caller's own upload (no id in); attaching a foreign upload is a MIXED case",
  "app/api/live/route.ts GET": "no id in; the stream test below checks Camille never receives Antoine's events",
};

const ACTIONS: Record<string, Case> = {
  "lib/messages/actions/reply.ts#replyAction": { run: (f) => replyActions.replyAction({ conversationId: f.conversationId, body: "intrus" }) },
  "lib/messages/actions/start-conversation.ts#startConversationAction": {
    run: (f) => newConversationActions.startConversationAction({ kind: "after_sales", subject: "Autre demande", body: "x", uploadIds: [f.messageUploadId] }),
  },
  // Antoine's booking's idempotency key replayed by Camille must not hand her his booking.
  "lib/bookings/actions/bookings.ts#bookAction": {
    run: (f) => bookingActions.bookAction({ service: "depannage", start: anyStart, technicianId: JULIEN, address: "12 rue Royale, 69001 Lyon", idempotencyKey: f.bookingKey }),
  },
  // Antoine's booking key from Camille's session: refused, nothing of his replayed or saved.
  "lib/account/actions/book-appointment.ts#bookAndRememberAddressAction": {
    run: (f) => bookWithAddressActions.bookAndRememberAddressAction({ service: "depannage", start: anyStart, technicianId: JULIEN, typedAddress: "12 rue Royale, 69001 Lyon", idempotencyKey: f.bookingKey }),
  },
  "lib/bookings/actions/bookings.ts#rescheduleAction": { run: (f) => bookingActions.rescheduleAction({ bookingId: f.bookingId, start: anyStart, technicianId: JULIEN, idempotencyKey: uuid() }) },
  "lib/bookings/actions/bookings.ts#cancelAction": { run: (f) => bookingActions.cancelAction({ bookingId: f.bookingId }) },
  "lib/bookings/actions/manage-by-link.ts#manageRescheduleAction": {
    run: async (f) => manageActions.manageRescheduleAction({ token: await signManageToken({ bookingId: f.bookingId, contactId: "10001" }), bookingId: f.bookingId, start: anyStart, technicianId: JULIEN, idempotencyKey: uuid() }),
  },
  "lib/bookings/actions/manage-by-link.ts#manageCancelAction": {
    run: async (f) => manageActions.manageCancelAction({ token: await signManageToken({ bookingId: f.bookingId, contactId: "10001" }), bookingId: f.bookingId }),
  },
  "lib/surveys/actions/submit-survey.ts#submitSurveyAction": {
    run: (f) => surveyActions.submitSurveyAction({ token: f.surveyToken, answers: { overall: 5, technician: 5, punctual: "yes", nps: 10, comment: "" } }),
    expect: "survey-foreign",
  },
  "lib/account/actions/addresses.ts#updateAddressAction": {
    run: (f) => addressActions.updateAddressAction({ id: f.addressId, label: "Pirate", line: "1 rue du Vol", zip: "69001", city: "Lyon" }),
  },
  "lib/account/actions/addresses.ts#setDefaultAddressAction": { run: (f) => addressActions.setDefaultAddressAction({ id: f.addressId }) },
  "lib/account/actions/addresses.ts#removeAddressAction": { run: (f) => addressActions.removeAddressAction({ id: f.addressId }) },
  "lib/account/actions/confirm-contact-change.ts#confirmContactChangeAction": {
    run: (f) => contactChangeActions.confirmContactChangeAction({ verificationId: f.verificationId, code: "123456", purpose: "email-change" }),
  },
  // Where Antoine's code message stands: not Camille's to ask.
  "lib/account/actions/mobile-code.ts#mobileCodeDeliveryAction": { run: (f) => mobileCodeActions.mobileCodeDeliveryAction({ verificationId: f.verificationId }) },
  "lib/account/actions/erasure.ts#confirmErasureAction": { run: (f) => erasureActions.confirmErasureAction({ verificationId: f.erasureVerificationId, code: "123456" }) },
  "lib/account/actions/export-data.ts#exportStatusAction": { run: (f) => exportActions.exportStatusAction({ id: f.exportId }) },
  "lib/documents/actions/refuse-quote.ts#refuseQuoteAction": { run: (f) => refuseActions.refuseQuoteAction({ quoteId: f.quoteId, reason: "Trop cher pour moi" }) },
  "lib/documents/actions/request-signing-code.ts#requestSigningCodeAction": {
    run: (f) => signingCodeActions.requestSigningCodeAction({ quoteId: f.quoteId, consent: true, signerName: "Camille Martin", mode: "typed", typedName: "Camille Martin" }),
  },
  "lib/documents/actions/sign-quote.ts#signQuoteAction": { run: (f) => signActions.signQuoteAction({ quoteId: f.quoteId, code: "123456" }) },
};

/** Server actions without an object id: they act on the session's own contact (fuzzed in fuzz.sandbox.test.ts). */
const ACTIONS_WITHOUT_OBJECT_ID: Record<string, string> = {
  "lib/account/actions/addresses.ts#addAddressAction": "creates the caller's own address",
  "lib/bookings/actions/bookings.ts#slotsForAddressAction": "service + address text, no object id (read only)",
  "lib/account/actions/erasure.ts#requestErasureAction": "the caller's own erasure",
  "lib/account/actions/export-data.ts#requestExportAction": "the caller's own export",
  "lib/account/actions/save-language.ts#saveLanguageFormAction": "the caller's own language",
  "lib/account/actions/save-preferences.ts#savePreferencesAction": "the caller's own preferences",
  "lib/account/actions/update-details.ts#updateDetailsAction": "the caller's own contact details",
  "lib/account/actions/mobile-code.ts#requestMobileCodeAction": "a code to a new mobile of the caller's own (confirming it is a cross-customer case)",
  "lib/auth/actions/sign-out.ts#signOutAction": "the caller's own session",
  "lib/auth/actions/sign-out.ts#signOutEverywhereAction": "the caller's own sessions",
  "lib/auth/actions/sign-in.ts#requestSignInFormAction": "sign-in (public, tests/auth)",
  "lib/auth/actions/sign-in.ts#signInDeliveryAction": "sign-in message state by its random attempt id (public, tests/auth; tells nothing about the identity)",
  "lib/i18n/actions/set-locale.ts#setLocaleAction": "a cookie of this browser",
  "lib/outbox/actions/retry-dead.ts#retryDeadAction": "development page only (404 in production), no customer session",
};

/** Core functions (page loaders included) that take a customer's contact id and an object id. */
const CORE: Record<string, Case> = {
  "lib/bookings/list-appointments.ts#getBooking": { run: (f) => outcomeOf(getBooking("10001", f.bookingId)) },
  "lib/bookings/list-appointments.ts#getBookingPage": { run: (f) => outcomeOf(getBookingPage("10001", f.bookingId)) },
  "lib/bookings/list-slots.ts#listRescheduleSlots": { run: (f) => outcomeOf(listRescheduleSlots("10001", f.bookingId)) },
  "lib/bookings/cancel-booking.ts#cancelBooking": { run: (f) => outcomeOf(cancelBooking("10001", { bookingId: f.bookingId })) },
  "lib/bookings/reschedule-booking.ts#rescheduleBooking": {
    run: (f) => outcomeOf(rescheduleBooking("10001", { bookingId: f.bookingId, start: anyStart, technicianId: JULIEN, idempotencyKey: f.bookingKey })),
  },
  "lib/bookings/book-appointment.ts#bookAppointment": {
    run: (f) => outcomeOf(bookAppointment("10001", { service: "depannage", start: anyStart, technicianId: JULIEN, address: "12 rue Royale, 69001 Lyon", idempotencyKey: f.bookingKey })),
  },
  "lib/account/book-appointment.ts#bookAndRememberAddress": {
    run: (f) => outcomeOf(bookAndRememberAddress("10001", { service: "depannage", start: anyStart, technicianId: JULIEN, typedAddress: "12 rue Royale, 69001 Lyon", idempotencyKey: f.bookingKey })),
  },
  "lib/documents/get-document.ts#getQuoteDocument": { run: (f) => outcomeOf(getQuoteDocument("10001", f.quoteId)) },
  "lib/documents/get-document.ts#getInvoiceDocument": { run: (f) => outcomeOf(getInvoiceDocument("10001", f.invoiceId)) },
  "lib/documents/open-quote.ts#recordQuoteOpened": { run: (f) => outcomeOf(recordQuoteOpened("10001", f.quoteId)) },
  "lib/documents/render-documents.ts#getQuotePdf": { run: (f) => outcomeOf(getQuotePdf("10001", f.quoteId)) },
  "lib/documents/render-documents.ts#getInvoicePdf": { run: (f) => outcomeOf(getInvoicePdf("10001", f.invoiceId)) },
  "lib/documents/request-signing-code.ts#loadSignableQuote": { run: (f) => outcomeOf(loadSignableQuote("10001", f.quoteId)) },
  "lib/interventions/files.ts#getInterventionPhoto": { run: (f) => outcomeOf(getInterventionPhoto("10001", f.ticketId, f.photoFileId, "full")) },
  "lib/interventions/files.ts#getInterventionReport": { run: (f) => outcomeOf(getInterventionReport("10001", f.ticketId)) },
  "lib/interventions/get-intervention-detail.ts#getInterventionDetail": { run: (f) => outcomeOf(getInterventionDetail("10001", f.ticketId)) },
  "lib/messages/attachments.ts#getMessageAttachment": { run: (f) => outcomeOf(getMessageAttachment("10001", f.conversationId, f.photoFileId)) },
  "lib/messages/get-thread.ts#getThread": { run: (f) => outcomeOf(getThread("10001", f.conversationId)) },
  "lib/surveys/survey-link.ts#surveyLinkForCustomer": { run: (f) => outcomeOf(surveyLinkForCustomer("10001", f.surveyTicketId)) },
  "lib/account/addresses.ts#getAddress": { run: (f) => outcomeOf(getAddress("10001", f.addressId)) },
  "lib/account/addresses.ts#updateAddress": { run: (f) => outcomeOf(updateAddress("10001", f.addressId, { label: "x", line: "1 rue du Vol", zip: "69001", city: "Lyon" })) },
  "lib/account/addresses.ts#setDefaultAddress": { run: (f) => outcomeOf(setDefaultAddress("10001", f.addressId)) },
  "lib/account/addresses.ts#removeAddress": { run: (f) => outcomeOf(removeAddress("10001", f.addressId)) },
  "lib/account/update-contact-details.ts#codeDelivery": { run: (f) => outcomeOf(codeDelivery("10001", f.verificationId)) },
  "lib/account/export-data.ts#getExportStatus": { run: (f) => outcomeOf(getExportStatus("10001", f.exportId)) },
  "lib/account/export-data.ts#readExportArchive": { run: (f) => outcomeOf(readExportArchive("10001", f.exportId)) },
};

/** Core functions with (contactId, id-or-input) that take no customer object id, or that no customer request reaches. */
const CORE_INTERNAL: Record<string, string> = {
  "lib/interventions/react-to-stage.ts#reactToInterventionStage": "called by the webhook bridge with the ticket's own contact",
  "lib/messages/notify-reply.ts#notifyServiceReply": "called by the webhook bridge with the ticket's own contact",
  "lib/bookings/list-slots.ts#listSlots": "service + address text, no object id (fuzzed through slotsForAddressAction)",
};

/** Every exported core function in the listed domains whose first parameter is the contact id and the second an id or the raw input. */
function findCoreFunctions(): string[] {
  const out: string[] = [];
  for (const domain of ["bookings", "documents", "interventions", "messages", "surveys", "account", "uploads", "live"]) {
    const dir = path.join(ROOT, "lib", domain);
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(".ts") || name.endsWith(".test.ts")) continue;
      const src = readFileSync(path.join(dir, name), "utf8");
      for (const m of src.matchAll(/export async function (\w+)\(\s*contactId: string,\s*(\w+): (string|z\.input<[^>]+>|\w+Input)(?=[,)\s=])/g)) {
        const [, fn, second] = m as unknown as [string, string, string];
        if (/Id$/.test(second) || second === "raw") out.push(`lib/${domain}/${name}#${fn}`);
      }
    }
  }
  return out.sort();
}

let stack: PortalStack;
const foreign = {} as Foreign;

beforeAll(async () => {
  stack = await startPortalStack();
  const A = stack.antoine;
  const C = stack.camille;
  expect([C, A]).toEqual(["10001", "10002"]);
  who.contactId = A;

  const interventions = await listInterventions(A);
  const withFiles = interventions.find((i) => i.reportFileId && i.photosBeforeFileIds.length + i.photosAfterFileIds.length > 0)!;
  expect(withFiles).toBeDefined();
  foreign.ticketId = withFiles.id;
  foreign.reportFileId = withFiles.reportFileId!;
  foreign.photoFileId = (withFiles.photosAfterFileIds[0] ?? withFiles.photosBeforeFileIds[0])!;
  const surveyable = interventions.find((i) => surveyOpen(i)) ?? withFiles;
  foreign.surveyTicketId = surveyable.id;
  foreign.surveyToken = await issueSurveyToken({ contactId: A, ticketId: surveyable.id });
  foreign.camilleTicketId = (await listInterventions(C))[0]!.id;

  const docs = await loadDocumentLists(A);
  foreign.quoteId = (docs.quotes.find((q) => q.status === "to_sign") ?? docs.quotes[0])!.id;
  foreign.invoiceId = docs.invoices[0]!.id;
  foreign.conversationId = (await listConversationThreads(A)).conversations[0]!.id;
  foreign.camilleConversationId = (await listConversationThreads(C)).conversations[0]!.id;

  const png = await pngBytes();
  foreign.messageUploadId = (await storeUpload(A, UPLOAD_PURPOSE, await validateUpload(png, "a.png"))).id;
  foreign.bookingUploadId = (await storeUpload(A, BOOKING_UPLOAD_PURPOSE, await validateUpload(png, "b.png"))).id;

  foreign.bookingKey = uuid();
  const booked = await bookAppointment(A, { service: "depannage", start: WED_8H, technicianId: JULIEN, address: "8 cours Gambetta, 69003 Lyon", idempotencyKey: foreign.bookingKey }, bookingTestDeps(stack.db.db));
  expect(booked.status).toBe("booked");
  foreign.bookingId = (booked as { booking: { bookingId: string } }).booking.bookingId;
  expect(foreign.bookingId).toMatch(/^[0-9a-f-]{36}$/);

  foreign.addressId = (await addAddress(A, { label: "Maison", line: "8 cours Gambetta", zip: "69003", city: "Lyon" })).id;
  foreign.exportId = (await requestDataExport(A, { locale: "fr" })).id;
  const antoine = await getCustomer(A);
  const change = await updateContactDetails(A, { firstName: antoine.firstName ?? "Antoine", lastName: antoine.lastName ?? "Girard", email: "antoine.nouveau@example.com", phone: antoine.phone ?? "" }, { locale: "fr" });
  foreign.verificationId = (change as { verificationId?: string; pending?: { verificationId: string }[] }).verificationId ?? JSON.stringify(change).match(/"verificationId":"([^"]+)"/)?.[1] ?? "";
  foreign.erasureVerificationId = (await requestErasure(A, { channel: "email" }, { locale: "fr" })).verificationId;
  expect(foreign.verificationId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  who.contactId = C;
}, 180_000);

afterAll(async () => {
  who.contactId = null;
  await stack?.closeAll();
});

describe("the inventory of customer entry points equals the cases", () => {
  it("every route handler has a cross-customer case or a documented reason", () => {
    expect(findRouteHandlers()).toEqual([...Object.keys(ROUTES), ...Object.keys(ROUTES_WITHOUT_OBJECT_ID)].sort());
  });
  it("every server action has a cross-customer case or a documented reason", () => {
    expect(findServerActions()).toEqual([...Object.keys(ACTIONS), ...Object.keys(ACTIONS_WITHOUT_OBJECT_ID)].sort());
  });
  it("every core function taking (contactId, objectId) has a case", () => {
    expect(findCoreFunctions()).toEqual([...Object.keys(CORE), ...Object.keys(CORE_INTERNAL)].sort());
  });
});

const ALL: [string, Case][] = [
  ...Object.entries(ROUTES).map(([k, c]) => [`route ${k}`, c] as [string, Case]),
  ...Object.entries(MIXED).map(([k, c]) => [`mixed ${k}`, c] as [string, Case]),
  ...Object.entries(ACTIONS).map(([k, c]) => [`action ${k}`, c] as [string, Case]),
  ...Object.entries(CORE).map(([k, c]) => [`core ${k}`, c] as [string, Case]),
];

describe("Camille with Antoine's ids is refused and nothing changes", () => {
  it.each(ALL)("%s", async (_name, c) => {
    who.contactId = stack.camille;
    const before = await portalState(stack);
    const result = await c.run(foreign);
    const verdict = await judge(result, c.expect ?? "refused");
    expect(verdict.refused, verdict.detail).toBe(true);
    expect(await portalState(stack)).toEqual(before);
  });

  it("the live stream never carries Antoine's events to Camille", async () => {
    who.contactId = stack.camille;
    const controller = new AbortController();
    const res = await liveRoute.GET(route("/api/live", { signal: controller.signal }), params({}));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await publishLive({ contactId: stack.antoine, topic: "ticket", id: foreign.ticketId });
    await publishLive({ contactId: stack.camille, topic: "ticket", id: foreign.camilleTicketId });
    let text = "";
    const decoder = new TextDecoder();
    while (!text.includes(foreign.camilleTicketId)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => {});
    expect(text).toContain(foreign.camilleTicketId);
    expect(text).not.toContain(`"id":"${foreign.ticketId}"`);
  });

  it("the before/after snapshot sees a real change (so 'nothing changed' can fail)", async () => {
    const before = await portalState(stack);
    const added = await addAddress(stack.camille, { label: "Témoin", line: "3 rue Témoin", zip: "69002", city: "Lyon" });
    expect(await portalState(stack)).not.toEqual(before);
    await removeAddress(stack.camille, added.id);
  });

  it("Antoine's own objects still work for Antoine (the cases are not refusing everything)", async () => {
    who.contactId = stack.antoine;
    const res = await interventionRoute.GET(get(`/api/interventions/${foreign.ticketId}`), params({ id: foreign.ticketId }));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect((await threadRoute.GET(get(`/api/messages/${foreign.conversationId}`), params({ id: foreign.conversationId }))).status).toBe(200);
    expect((await invoicePdfRoute.GET(get(`/api/documents/factures/${foreign.invoiceId}/pdf`), params({ id: foreign.invoiceId }))).status).toBe(200);
    expect((await icsRoute.GET(get(`/api/rendez-vous/${foreign.bookingId}/ics`), params({ bookingId: foreign.bookingId }))).status).toBe(200);
    expect((await getAddress(stack.antoine, foreign.addressId)).id).toBe(foreign.addressId);
    expect((await exportActions.exportStatusAction({ id: foreign.exportId })).ok).toBe(true);
    who.contactId = stack.camille;
  });
});
