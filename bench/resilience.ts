/**
 * Resilience: a journey mix while the sandbox misbehaves, then delivery after recovery.
 *
 * One production portal (`next start`, OUTBOX WORKER ON) and this process (a second instance, with
 * its own outbox worker unless BENCH_SECOND_WORKER=off) share one fresh database
 * on the local PostgreSQL server (created and dropped here): this process plays the customers'
 * server actions by calling the same core functions (booking, quote signature, new message, survey
 * answers, contact change) with the shared database, and the portal's own worker delivers the
 * outbox to HubSpot. Meanwhile customers view pages over HTTP. The sandbox injects, in turn:
 *   50 % 5xx  →  429 storm (100 % 429)  →  10 s timeouts  →  half the writes applied but answered
 *   after the client gave up (20 s)  →  outage (connections dropped / 503)
 * with HubSpot's search index BENCH_SEARCH_LAG_MS (default 5000) behind writes,
 * each for BENCH_PHASE_SECONDS (default 40) except the outage: BENCH_OUTAGE_SECONDS (default 300,
 * the issue's 5 minutes), during which the SMTP and Twilio captures fail too. Then faults stop and
 * the bench waits (at most BENCH_DRAIN_SECONDS, default 900) for every due outbox row (HubSpot
 * writes, emails, SMS) to be delivered, and checks the sandbox's CRM store and captures:
 *   accepted  — the core function answered with success (the customer saw "c'est enregistré")
 *   lost      — accepted but absent from HubSpot after the drain (must be 0)
 *   duplicate — present more than once in HubSpot (tickets by their portal_* property, meetings by
 *               the reservation's reference, customer notes by the portal's header; must be 0)
 *   pages     — 200 with the French "indisponible" notice, plain 200, 5xx (must be 0), no answer.
 *   notifications — emails and SMS captured after recovery; none dead, none received twice.
 *
 * Run: npm run bench -- resilience   (quick: BENCH_OUTAGE_SECONDS=60 BENCH_PHASE_SECONDS=20 …)
 * Needs PostgreSQL at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { AUTH_SECRET, DEGRADED, SANDBOX_TOKEN, WEBHOOK_SECRET, createDatabase, sessionCookie, startPortal, summarize } from "./support";

const PHASE_S = Number(process.env.BENCH_PHASE_SECONDS ?? 40);
const OUTAGE_S = Number(process.env.BENCH_OUTAGE_SECONDS ?? 300);
const DRAIN_S = Number(process.env.BENCH_DRAIN_SECONDS ?? 900);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

type Kind = "booking" | "signature" | "message" | "survey" | "contact";
interface Accepted {
  kind: Kind;
  contactId: string;
  /** What to look for in HubSpot. */
  ref: string;
  expect?: string;
  phase: string;
}

export async function runResilienceBench(): Promise<Record<string, unknown>> {
  // The sandbox's search shows a write only this long after it (HubSpot: "a few moments").
  process.env.SANDBOX_SEARCH_LAG_MS = process.env.BENCH_SEARCH_LAG_MS ?? "5000";
  const database = await createDatabase(PG_URL, "res");
  const portal = await startPortal({ outboxWorker: true, databaseUrl: database.url, captures: true });
  const control = (p: string, body: unknown) =>
    fetch(`${portal.sandbox.url}/_sandbox${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  // This process = a second portal instance on the same database and sandbox (same secrets).
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "duret-bench-res-")),
    SITE_URL: portal.url,
    HUBSPOT_ACCESS_TOKEN: "",
    HUBSPOT_BASE_PATH: portal.sandbox.url,
    SANDBOX_SMTP_PORT: String(portal.sandbox.smtpPort),
    HUBSPOT_SANDBOX_TOKEN: SANDBOX_TOKEN,
    HUBSPOT_CLIENT_SECRET: WEBHOOK_SECRET,
    AUTH_SECRET,
    OUTBOX_WORKER: "off",
  });
  const { resetEnvForTests } = await import("@/lib/env");
  resetEnvForTests();
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { outbox } = await import("@/lib/db/schema");
  const { and, eq, like, sql } = await import("drizzle-orm");
  const { isAppError } = await import("@/lib/errors");
  const { registerDomainHandlers } = await import("@/lib/server/register");
  const { listSlots } = await import("@/lib/bookings/list-slots");
  const { bookAppointment } = await import("@/lib/bookings/book-appointment");
  const { listQuotes, listInterventions } = await import("@/lib/hubspot/queries");
  const { requestSigningCode } = await import("@/lib/documents/request-signing-code");
  const { signQuote } = await import("@/lib/documents/sign-quote");
  const { openPayload } = await import("@/lib/outbox/seal");
  const { startConversation } = await import("@/lib/messages/send-message");
  const { issueSurveyToken } = await import("@/lib/surveys/token");
  const { submitSurvey } = await import("@/lib/surveys/submit-survey");
  const { surveyAnswersSchema } = await import("@/lib/surveys/schemas");
  const { updateContactDetails } = await import("@/lib/account/update-contact-details");
  const { startOutboxWorker } = await import("@/lib/outbox/worker");
  const { transportsFromEnv } = await import("@/lib/outbox/transports");
  registerDomainHandlers();
  const db = await getDb();
  // BENCH_SECOND_WORKER=off: only the portal's worker delivers. By default this process runs a
  // worker too, so two instances deliver the same outbox at once (no row may land twice).
  const secondWorker = process.env.BENCH_SECOND_WORKER === "off" ? undefined : startOutboxWorker({ db, transports: transportsFromEnv(), log: () => {} });

  const customers = [
    { id: "10001", email: "camille.martin@example.fr", phone: "+33612345678", first: "Camille", last: "Martin" },
    { id: "10002", email: "antoine.girard@example.com", phone: "+33787654321", first: "Antoine", last: "Girard" },
  ];
  // What each customer can act on (read before the faults start).
  const toSign = new Map<string, string[]>();
  const surveyable = new Map<string, string[]>();
  for (const c of customers) {
    toSign.set(c.id, (await listQuotes(c.id)).filter((q) => q.status === "to_sign").map((q) => q.id));
    surveyable.set(
      c.id,
      (await listInterventions(c.id)).filter((i) => (i.stage === "done" || i.stage === "report_available") && !i.satisfaction).map((i) => i.id),
    );
  }
  const cookies = new Map(await Promise.all(customers.map(async (c) => [c.id, await sessionCookie(c.id, c.email)] as const)));

  const accepted: Accepted[] = [];
  const refused: Record<string, number> = {};
  const refusedMessages = new Set<string>();
  const unexpected: string[] = [];
  const pages: Record<string, { ok: number; degraded: number; s5xx: number; noAnswer: number; other: number; ms: number[] }> = {};
  const failedPages: string[] = [];
  let phase = "warm-up";
  let lastNames = 0;

  const refuse = (kind: Kind, e: unknown) => {
    refused[`${phase}/${kind}`] = (refused[`${phase}/${kind}`] ?? 0) + 1;
    if (isAppError(e) && e.userMessage) refusedMessages.add(e.userMessage);
    else unexpected.push(`${phase}/${kind}: ${e instanceof Error ? e.message : String(e)}`);
  };

  const actions: Record<Kind, (c: (typeof customers)[number]) => Promise<void>> = {
    async booking(c) {
      const listing = await listSlots(c.id, { service: "depannage" });
      const day = listing.days.filter((d) => d.slots.length > 0);
      const slot = day[Math.floor(Math.random() * Math.min(5, day.length))]?.slots[0];
      if (!slot || !listing.address) throw new Error("no slot offered");
      const out = await bookAppointment(c.id, { service: "depannage", start: slot.start, technicianId: slot.technicianId, address: listing.address, idempotencyKey: randomUUID() });
      if (out.status === "booked") accepted.push({ kind: "booking", contactId: c.id, ref: out.booking.bookingId, phase });
      else refused[`${phase}/booking(slot taken)`] = (refused[`${phase}/booking(slot taken)`] ?? 0) + 1;
    },
    async signature(c) {
      const quoteId = toSign.get(c.id)?.[0];
      if (!quoteId) return actions.message(c);
      await requestSigningCode(c.id, { quoteId, consent: true, signerName: `${c.first} ${c.last}`, mode: "typed", typedName: `${c.first} ${c.last}` }, { locale: "fr" });
      const rows = await db.select().from(outbox).where(and(eq(outbox.contactId, c.id), like(outbox.idempotencyKey, "quote-sign-code:%")));
      const row = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
      const code = (openPayload((row.payload as { sealed: string }).sealed, row.id) as { data: { code: string } }).data.code;
      await signQuote(c.id, { quoteId, code }, {
        session: { channel: "email", identity: c.email, signedInAt: Date.now() - 60_000, sessionId: `bench-res-${c.id}`, locale: "fr" },
        ip: "203.0.113.9",
        userAgent: "bench/resilience",
      });
      toSign.get(c.id)!.shift();
      accepted.push({ kind: "signature", contactId: c.id, ref: quoteId, phase });
    },
    async message(c) {
      const sent = await startConversation(c.id, { kind: "after_sales", subject: `Question (${phase})`, body: `Bonjour, une question envoyée pendant la phase ${phase}.`, uploadIds: [], idempotencyKey: randomUUID() });
      accepted.push({ kind: "message", contactId: c.id, ref: sent.messageId, phase });
    },
    async survey(c) {
      const ticketId = surveyable.get(c.id)?.[0];
      if (!ticketId) return actions.contact(c);
      const token = await issueSurveyToken({ contactId: c.id, ticketId });
      const answers = surveyAnswersSchema.parse({ overall: 2, technician: 3, punctual: "no", nps: 4, comment: `Réponse pendant ${phase}` });
      const r = await submitSurvey(token, answers, c.id);
      surveyable.get(c.id)!.shift();
      if (r.status === "saved") accepted.push({ kind: "survey", contactId: c.id, ref: ticketId, phase });
      else refused[`${phase}/survey(${r.status})`] = (refused[`${phase}/survey(${r.status})`] ?? 0) + 1;
    },
    async contact(c) {
      const lastName = `${c.last}-R${++lastNames}`;
      const r = await updateContactDetails(c.id, { firstName: c.first, lastName, email: c.email, phone: c.phone }, { locale: "fr" });
      if (r.saved) {
        for (const a of accepted) if (a.kind === "contact" && a.contactId === c.id) a.expect = undefined; // superseded
        accepted.push({ kind: "contact", contactId: c.id, ref: c.id, expect: lastName, phase });
      }
    },
  };
  const mix: Kind[] = ["booking", "message", "contact", "signature", "survey", "message", "booking", "contact"];

  const viewPages = async (c: (typeof customers)[number]) => {
    for (const p of ["/", "/documents", "/interventions", "/messages"]) {
      const stats = (pages[phase] ??= { ok: 0, degraded: 0, s5xx: 0, noAnswer: 0, other: 0, ms: [] });
      const t0 = performance.now();
      try {
        const res = await fetch(`${portal.url}${p}`, { headers: { cookie: cookies.get(c.id)! }, redirect: "manual", signal: AbortSignal.timeout(60_000) });
        const body = await res.text();
        stats.ms.push(performance.now() - t0);
        if (res.status >= 500) {
          stats.s5xx++;
          failedPages.push(`${phase} ${p} ${res.status}`);
        }
        else if (res.status === 200 && DEGRADED.test(body)) stats.degraded++;
        else if (res.status === 200) stats.ok++;
        else stats.other++;
      } catch {
        stats.noAnswer++;
      }
    }
  };

  /** Both customers act and browse until the phase ends (actions in flight are awaited). */
  const runPhase = async (name: string, seconds: number, fault: Record<string, unknown>) => {
    phase = name;
    await control("/faults", fault);
    const end = Date.now() + seconds * 1000;
    let step = 0;
    await Promise.all(
      customers.map(async (c, ci) => {
        while (Date.now() < end) {
          const kind = mix[(step++ + ci) % mix.length]!;
          try {
            await actions[kind](c);
          } catch (e) {
            refuse(kind, e);
          }
          await viewPages(c);
        }
      }),
    );
    console.log(`· phase ${name}: done (${accepted.filter((a) => a.phase === name).length} accepted so far in it)`);
  };

  const t0 = Date.now();
  try {
    await runPhase("5xx 50 %", PHASE_S, { mode: "error5xx", probability: 0.5 });
    await runPhase("429 storm", PHASE_S, { mode: "rate429", probability: 1 });
    await runPhase("10 s timeouts", PHASE_S, { mode: "timeout", probability: 1, timeoutMs: 10_000 });
    // Half the writes applied by HubSpot, then answered after every attempt has given up (the outbox's
    // 15 s): the portal must not create them again although search (5 s behind) does not show them yet.
    await runPhase("applied, answered too late", PHASE_S, { mode: "appliedTimeout", probability: 0.5, timeoutMs: 20_000 });
    // The outage takes SMTP and Twilio down too: every channel fails at once.
    const captures = portal.sandbox.captures!;
    captures.faults = { smtp: "fail", sms: "fail" };
    await runPhase(`outage ${OUTAGE_S} s`, OUTAGE_S, { mode: "outage", probability: 1 });
    captures.faults = { smtp: "ok", sms: "ok" };
    await control("/faults", { mode: "none" });
    phase = "recovered";
    const recoveredAt = Date.now();

    // Drain: every HubSpot write of the outbox delivered (or given up: dead).
    // Every row due by now: HubSpot writes, emails and SMS (a reminder SMS scheduled for tomorrow is not due).
    const pending = async () => {
      const r = await db.execute(sql`select status, count(*)::int as n from outbox where attempts > 0 or next_attempt_at <= now() group by status`);
      const rows = ((r as unknown as { rows?: { status: string; n: number }[] }).rows ?? (r as unknown as { status: string; n: number }[])) as { status: string; n: number }[];
      return Object.fromEntries(rows.map((x) => [x.status, Number(x.n)]));
    };
    let drainS: number | null = null;
    let byStatus = await pending();
    console.log(`· recovered: outbox HubSpot rows ${JSON.stringify(byStatus)}; waiting for the drain (≤ ${DRAIN_S} s)…`);
    while (Date.now() - recoveredAt < DRAIN_S * 1000) {
      byStatus = await pending();
      const open = Object.entries(byStatus).filter(([s]) => s !== "sent" && s !== "delivered" && s !== "dead").reduce((n, [, v]) => n + v, 0);
      if (open === 0) {
        drainS = (Date.now() - recoveredAt) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
    await viewPages(customers[0]!);
    const notifications = await (async () => {
      const r = await db.execute(sql`select kind, status, (attempts = 0 and next_attempt_at > now()) as scheduled, count(*)::int as n from outbox where kind <> 'hubspot' group by 1, 2, 3`);
      return ((r as unknown as { rows?: unknown[] }).rows ?? r) as unknown;
    })();
    // What the SMTP and Twilio captures received: one email per Message-ID and one SMS per
    // idempotency token, else a notification went out twice.
    const snapshot = captures.snapshot(100_000);
    const repeated = (keys: (string | null)[]) => {
      const seen = new Map<string, number>();
      for (const k of keys) if (k) seen.set(k, (seen.get(k) ?? 0) + 1);
      return [...seen.values()].filter((n) => n > 1).length;
    };
    const delivered = {
      emails: snapshot.emails.length,
      sms: snapshot.sms.length,
      duplicateEmails: repeated(snapshot.emails.map((e) => e.messageId)),
      duplicateSms: repeated(snapshot.sms.map((m) => m.idempotencyToken)),
    };

    // What arrived in HubSpot (the sandbox's store, read directly: no API call, no fault).
    const store = portal.sandbox.store;
    const count = (type: Parameters<typeof store.list>[0], prop: string, value: string) => store.list(type).filter((o) => o.properties[prop] === value).length;
    // Notes and meetings take no custom property: the booking's meetings carry its reference, the
    // customer's notes the portal's header, on the ticket they were created for.
    const { bookingMeetingReference, CUSTOMER_NOTE_HEADER } = await import("@/lib/hubspot/markers");
    const meetingsOf = (reservationId: string) => store.list("meetings").filter((m) => (m.properties.hs_internal_meeting_notes ?? "").includes(bookingMeetingReference(reservationId))).length;
    const customerNotesOf = (requestId: string) =>
      store
        .list("tickets")
        .filter((t) => t.properties.portal_request_id === requestId)
        .flatMap((t) => store.associations("tickets", t.id, "notes"))
        .filter((a) => (store.getObject("notes", a.toId)?.properties.hs_note_body ?? "").startsWith(CUSTOMER_NOTE_HEADER)).length;
    const verdicts = accepted.map((a) => {
      let n = 0;
      switch (a.kind) {
        case "booking":
          n = Math.max(meetingsOf(a.ref), count("tickets", "portal_booking_id", a.ref));
          return { ...a, n, dup: meetingsOf(a.ref) > 1 || count("tickets", "portal_booking_id", a.ref) > 1 };
        case "message":
          n = count("tickets", "portal_request_id", a.ref) + customerNotesOf(a.ref);
          return { ...a, n, dup: count("tickets", "portal_request_id", a.ref) > 1 || customerNotesOf(a.ref) > 1 };
        case "signature": {
          const q = store.list("quotes").find((o) => o.id === a.ref);
          return { ...a, n: q?.properties.portal_signature_status === "signed" ? 1 : 0, dup: false };
        }
        case "survey": {
          const t = store.list("tickets").find((o) => o.id === a.ref);
          const followUps = store.list("tickets").filter((o) => (o.properties.subject ?? "").includes(`intervention ${a.ref}`)).length;
          return { ...a, n: t?.properties.satisfaction_overall === "2" ? 1 : 0, dup: followUps > 1 };
        }
        case "contact": {
          if (a.expect === undefined) return { ...a, n: 1, dup: false }; // superseded by a later change
          const ct = store.list("contacts").find((o) => o.id === a.contactId);
          return { ...a, n: ct?.properties.lastname === a.expect ? 1 : 0, dup: false };
        }
      }
    });
    const byKind: Record<string, { accepted: number; lost: number; duplicates: number }> = {};
    for (const v of verdicts) {
      const k = (byKind[v.kind] ??= { accepted: 0, lost: 0, duplicates: 0 });
      k.accepted++;
      if (v.n === 0) k.lost++;
      if (v.dup) k.duplicates++;
    }
    const pageSummary = Object.fromEntries(
      Object.entries(pages).map(([p, s]) => [p, { ok: s.ok, degradedFrench: s.degraded, "5xx": s.s5xx, noAnswer: s.noAnswer, other: s.other, p50: Math.round(summarize(s.ms).p50), p95: Math.round(summarize(s.ms).p95) }]),
    );
    const result = {
      phasesS: { "5xx 50 %": PHASE_S, "429 storm": PHASE_S, "10 s timeouts": PHASE_S, "applied, answered too late": PHASE_S, outage: OUTAGE_S },
      searchLagMs: Number(process.env.SANDBOX_SEARCH_LAG_MS),
      outageSource: process.env.BENCH_OUTAGE_SECONDS ? "BENCH_OUTAGE_SECONDS" : "default (5 min, issue 8)",
      totalS: Math.round((Date.now() - t0) / 1000),
      actions: byKind,
      accepted: verdicts.length,
      lost: verdicts.filter((v) => v.n === 0).length,
      duplicates: verdicts.filter((v) => v.dup).length,
      refused,
      refusedMessages: [...refusedMessages],
      unexpectedErrors: unexpected.slice(0, 10),
      unexpectedErrorCount: unexpected.length,
      pages: pageSummary,
      failedPages: failedPages.slice(0, 10),
      outboxAfterDrain: byStatus,
      notificationsAfterDrain: notifications,
      notificationsCaptured: delivered,
      drainSeconds: drainS,
      workers: secondWorker ? "portal (next start) + this process" : "portal (next start) only",
    };
    console.log("\n## Resilience (journey mix under faults, portal worker on, shared PostgreSQL database)");
    console.log(JSON.stringify(result, null, 2));
    const dead = byStatus.dead ?? 0;
    const pass =
      result.lost === 0 && result.duplicates === 0 && Object.values(pageSummary).every((p) => p["5xx"] === 0) && drainS !== null && dead === 0 && delivered.duplicateEmails === 0 && delivered.duplicateSms === 0;
    console.log(`verdict: ${pass ? "PASS" : "FAIL"} (0 lost, 0 duplicates, no 5xx page, outbox drained with nothing dead, no email or SMS twice)`);
    return result;
  } finally {
    await control("/faults", { mode: "none" }).catch(() => {});
    await secondWorker?.stop();
    await closeDb();
    await portal.stop();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runResilienceBench();
  process.exit(0);
}
