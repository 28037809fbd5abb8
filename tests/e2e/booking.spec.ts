import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { bookingMeetingReference, CUSTOMER_NOTE_HEADER } from "@/lib/hubspot/markers";
import { encode } from "next-auth/jwt";
import { axeViolations } from "./support/axe";

/**
 * Online booking in Chromium, end to end: pick a service and a time, confirm in one click, see the
 * confirmation and download the ICS; the email (with the .ics) and the SMS arrive in /dev/outbox;
 * the outbox creates the meeting and the intervention ticket in the sandbox; reschedule from the
 * portal (old meeting RESCHEDULED, ticket moved); cancel from the signed link in the SMS, signed
 * out (meeting CANCELED, ticket "Annulée"). HubSpot's side is read from the sandbox directly.
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const sandboxToken = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
const CAMILLE = "camille.martin@example.fr";
/** A valid 1×1 PNG. */
const PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

type Obj = { id: string; properties: Record<string, string | null> };

/**
 * A click that opens another page, waited for until the page is there (its URL is committed with
 * it): `next dev` renders it (HubSpot reads) and the browser loads and runs that page's client code
 * (react-hook-form, zod…) on first use. 12 to 16 s measured on the shared 2-core machine, so the
 * same budget as the confirmation's navigation below, not the 15 s of an in-page expectation.
 */
const NAVIGATION = { timeout: 30_000 };

async function hubspot<T>(request: APIRequestContext, method: "GET" | "POST", path: string, data?: unknown): Promise<T> {
  let res = await request.fetch(`${sandboxUrl}${path}`, { method, data, headers: { Authorization: `Bearer ${sandboxToken}` } });
  // The sandbox enforces HubSpot's 5 searches / s, shared with the portal and the other project.
  for (let i = 0; i < 10 && res.status() === 429; i++) {
    await new Promise((r) => setTimeout(r, 1_100));
    res = await request.fetch(`${sandboxUrl}${path}`, { method, data, headers: { Authorization: `Bearer ${sandboxToken}` } });
  }
  expect(res.status(), `${method} ${path}`).toBe(200);
  return (await res.json()) as T;
}

async function contactByEmail(request: APIRequestContext, email: string): Promise<Obj> {
  const search = await hubspot<{ results: Obj[] }>(request, "POST", "/crm/v3/objects/contacts/search", {
    filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }],
    properties: ["email"],
    limit: 1,
  });
  return search.results[0]!;
}

/** Objects associated with a ticket, read by id (HubSpot's search lags behind writes; associations do not). */
async function associated(request: APIRequestContext, ticketId: string, type: "meetings" | "notes", properties: string[]): Promise<Obj[]> {
  const assoc = await hubspot<{ results: { toObjectId: string | number }[] }>(request, "GET", `/crm/v4/objects/tickets/${ticketId}/associations/${type}`);
  return Promise.all(assoc.results.map((a) => hubspot<Obj>(request, "GET", `/crm/v3/objects/${type}/${a.toObjectId}?properties=${properties.join(",")}`)));
}

/** The booking's ticket (its `portal_booking_id`, found by search once indexed), or its meetings (by the reservation's reference). */
async function byBookingId(request: APIRequestContext, type: "meetings" | "tickets", bookingId: string): Promise<Obj[]> {
  const res = await hubspot<{ results: Obj[] }>(request, "POST", "/crm/v3/objects/tickets/search", {
    filterGroups: [{ filters: [{ propertyName: "portal_booking_id", operator: "EQ", value: bookingId }] }],
    properties: ["hubspot_owner_id", "hs_pipeline_stage", "intervention_start", "portal_booking_id"],
    limit: 10,
  });
  if (type === "tickets") return res.results;
  const ticket = res.results[0];
  if (!ticket) return [];
  const meetings = await associated(request, ticket.id, "meetings", ["hs_meeting_outcome", "hs_meeting_start_time", "hubspot_owner_id", "hs_internal_meeting_notes"]);
  return meetings.filter((m) => (m.properties.hs_internal_meeting_notes ?? "").includes(bookingMeetingReference(bookingId)));
}

async function stageIdByLabel(request: APIRequestContext, label: string): Promise<string> {
  const res = await hubspot<{ results: { label: string; stages: { id: string; label: string }[] }[] }>(request, "GET", "/crm/v3/pipelines/tickets");
  const stage = res.results.find((p) => p.label === "Interventions")?.stages.find((s) => s.label === label);
  if (!stage) throw new Error(`stage ${label} missing`);
  return stage.id;
}

async function captures(request: APIRequestContext): Promise<{ emails: { to: string[]; subject: string; text: string; attachments?: { filename: string; text: string | null }[] }[]; sms: { to: string; body: string }[] }> {
  const res = await request.get(`${sandboxUrl}/_sandbox/captures?limit=100`);
  expect(res.ok()).toBe(true);
  return res.json();
}

/** WCAG 2.2 AA as axe checks it (tests/e2e/support/axe.ts, as every spec). */
async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

async function signIn(context: BrowserContext, baseURL: string, contactId: string): Promise<void> {
  const now = Date.now();
  const claims = { contactId, sessionId: `e2e-booking-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`, signedInAt: now, channel: "email", identity: CAMILLE, locale: "fr" };
  const token = await encode({ token: { sub: contactId, ...claims }, secret: AUTH_SECRET, maxAge: 3600 });
  await context.addCookies([{ name: "duret.session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

test.describe.configure({ mode: "serial" });

// A cold `next dev` compiles each route on its first visit and reloads the pages open meanwhile:
// request every booking route once over HTTP first (as tests/e2e/shell.spec.ts does).
test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(300_000);
  const baseURL = testInfo.project.use.baseURL!;
  const api = await playwright.request.newContext({ baseURL });
  const camille = await contactByEmail(api, CAMILLE);
  const now = Date.now();
  const token = await encode({
    token: { sub: camille.id, contactId: camille.id, sessionId: `e2e-booking-warm-${now.toString(36)}`, signedInAt: now, channel: "email", identity: CAMILLE, locale: "fr" },
    secret: AUTH_SECRET,
    maxAge: 3600,
  });
  const unknown = "00000000-0000-4000-8000-000000000000";
  for (const path of ["/rendez-vous", "/rendez-vous/nouveau", "/rendez-vous/nouveau?service=depannage", `/rendez-vous/${unknown}`, `/rendez-vous/${unknown}/deplacer`, "/rdv/x.y.z", `/api/rendez-vous/${unknown}/ics`, "/dev/outbox"]) {
    const res = await api.get(path, { headers: { cookie: `duret.session=${token}` }, timeout: 180_000, maxRedirects: 0 });
    expect(res.status(), `warm-up ${path}`).toBeLessThan(500);
    await res.body();
  }
  await api.dispose();
});

test("book, confirmation + ICS, email and SMS, HubSpot meeting and ticket; reschedule; cancel from the SMS link", async ({ page, baseURL, browser }, testInfo) => {
  test.setTimeout(240_000);
  const camille = await contactByEmail(page.request, CAMILLE);
  await signIn(page.context(), baseURL!, camille.id);
  // Each project books on its own day, so mobile and desktop runs never race for one slot; not the
  // first days offered, which may start within the 24 h change limit.
  const dayIndex = testInfo.project.name === "desktop" ? 4 : 2;

  // 1. Pick the service.
  await page.goto("/rendez-vous");
  await page.getByRole("link", { name: "Prendre rendez-vous" }).first().click();
  await expect(page).toHaveURL(/\/rendez-vous\/nouveau$/, NAVIGATION);
  await expect(page.getByRole("heading", { level: 1, name: "Prendre rendez-vous" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /Choisir : Dépannage électrique/ }).click();
  await expect(page).toHaveURL(/service=depannage/, NAVIGATION);

  // 2. Day and time.
  const days = page.getByRole("group", { name: "Jours disponibles" }).getByRole("button");
  await expect(days.first()).toBeVisible({ timeout: 60_000 });
  await days.nth(dayIndex).click();
  await expect(days.nth(dayIndex)).toHaveAttribute("aria-pressed", "true");
  const time = page.getByRole("group", { name: /Heures disponibles le/ }).getByRole("button").first();
  const start = (await time.getAttribute("data-slot"))!;
  await time.click();
  await expect(page.getByText(/Créneau choisi :/)).toBeVisible();
  await expectAccessible(page);

  // 3. One-click confirm, with the address from the address book pre-selected (or another typed) and a note.
  const addressBook = page.getByRole("group", { name: "Adresse de l'intervention" });
  await expect(addressBook.getByRole("radio").first()).toBeChecked();
  await expect(addressBook.getByRole("radio", { name: "Une autre adresse" })).not.toBeChecked();
  await page.getByLabel(/Précisions pour le technicien/).fill("Le disjoncteur saute quand le four est allumé.");
  // A photo of the problem, uploaded with progress, re-encoded without metadata.
  await page.getByLabel(/Photos du problème/).setInputFiles({ name: "tableau.png", mimeType: "image/png", buffer: Buffer.from(PNG_1PX, "base64") });
  await expect(page.getByText("Photo prête")).toBeVisible({ timeout: 30_000 });
  const confirm = page.getByRole("button", { name: "Confirmer le rendez-vous" });
  // A double click books once (same idempotency key).
  await confirm.dblclick();
  await expect(page).toHaveURL(/\/rendez-vous\/[0-9a-f-]{36}\?confirme=1/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Rendez-vous confirmé" })).toBeVisible();
  // It names only the messages actually queued, as they stand (never « envoyé » before the provider took it).
  const notices = page.getByRole("region", { name: "Messages de confirmation" });
  await expect(notices.getByText(/^E-mail : (envoi en cours|envoyé)$/)).toBeVisible();
  await expect(notices.getByText(/^SMS : (envoi en cours|envoyé)$/)).toBeVisible();
  await expect(page.getByText(/vous ont été envoyés/)).toHaveCount(0);
  const bookingId = /\/rendez-vous\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  // The portal's one French time format (lib/i18n/format.ts): « 14 h 00 », as the picker wrote it.
  const startLabel = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" }).format(new Date(start)).replace(/^0?(\d{1,2}):(\d{2})$/, "$1 h $2");
  await expect(page.getByText(startLabel).first()).toBeVisible();
  await expectAccessible(page);

  // "Ajouter au calendrier": an .ics for this time.
  const icsHref = await page.getByRole("link", { name: "Ajouter au calendrier" }).getAttribute("href");
  const ics = await page.request.get(icsHref!);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const icsText = await ics.text();
  expect(icsText).toContain("BEGIN:VEVENT");
  expect(icsText).toContain(`DTSTART:${start.replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);

  // The list shows it at once.
  await page.goto("/rendez-vous");
  await expect(page.locator(`[data-booking-id="${bookingId}"]`)).toBeVisible();

  // 4. HubSpot (sandbox): one meeting and one intervention ticket, delivered by the outbox.
  await expect.poll(async () => (await byBookingId(page.request, "meetings", bookingId)).length, { timeout: 30_000 }).toBe(1);
  const [meeting] = await byBookingId(page.request, "meetings", bookingId);
  expect(meeting!.properties.hs_meeting_outcome).toBe("SCHEDULED");
  expect(Date.parse(meeting!.properties.hs_meeting_start_time!)).toBe(Date.parse(start));
  await expect.poll(async () => (await byBookingId(page.request, "tickets", bookingId)).length).toBe(1);
  // The photo: a note on the ticket carrying the file.
  await expect
    .poll(
      async () => {
        const [ticket] = await byBookingId(page.request, "tickets", bookingId);
        if (!ticket) return [];
        const notes = await associated(page.request, ticket.id, "notes", ["hs_attachment_ids", "hs_note_body"]);
        return notes.filter((n) => (n.properties.hs_note_body ?? "").startsWith(CUSTOMER_NOTE_HEADER)).map((n) => (n.properties.hs_attachment_ids ?? "").split(";").filter(Boolean).length);
      },
      { timeout: 30_000 },
    )
    .toEqual([1]);
  const scheduled = await stageIdByLabel(page.request, "Planifiée");
  expect((await byBookingId(page.request, "tickets", bookingId))[0]!.properties.hs_pipeline_stage).toBe(scheduled);

  // 5. Email (with the .ics) and SMS, captured and listed in /dev/outbox.
  // Both projects book as Camille: this booking's email is the one whose .ics has its UID.
  const ours = (e: { subject: string; attachments?: { text: string | null }[] }, subject: string) =>
    e.subject.startsWith(subject) && (e.attachments ?? []).some((a) => a.text?.includes(`UID:${bookingId}@`));
  await expect.poll(async () => (await captures(page.request)).emails.some((e) => ours(e, "Votre rendez-vous est confirmé")), { timeout: 30_000 }).toBe(true);
  const mail = (await captures(page.request)).emails.find((e) => ours(e, "Votre rendez-vous est confirmé"))!;
  expect(mail.to).toContain(CAMILLE);
  expect(mail.attachments?.[0]?.filename).toMatch(/\.ics$/);
  expect(mail.attachments?.[0]?.text).toContain(`UID:${bookingId}@duret-electricite.fr`);
  await expect.poll(async () => (await captures(page.request)).sms.some((s) => s.body.includes("RDV confirmé") && s.to === "+33612345678")).toBe(true);
  await page.goto("/dev/outbox");
  await expect(page.getByRole("article", { name: /Votre rendez-vous est confirmé/ }).first()).toBeVisible();
  await expect(page.getByText(/RDV confirmé/).first()).toBeVisible();

  // 6. Reschedule from the portal.
  await page.goto(`/rendez-vous/${bookingId}`);
  await page.getByRole("link", { name: "Déplacer" }).click();
  await expect(page).toHaveURL(new RegExp(`/rendez-vous/${bookingId}/deplacer$`), NAVIGATION);
  await expect(page.getByRole("heading", { level: 1, name: "Déplacer le rendez-vous" })).toBeVisible();
  const newDays = page.getByRole("group", { name: "Jours disponibles" }).getByRole("button");
  await expect(newDays.first()).toBeVisible({ timeout: 60_000 });
  await newDays.nth(dayIndex + 1).click();
  const newTime = page.getByRole("group", { name: /Heures disponibles le/ }).getByRole("button").first();
  const newStart = (await newTime.getAttribute("data-slot"))!;
  await newTime.click();
  await page.getByRole("button", { name: "Déplacer à ce créneau" }).click();
  await expect(page).toHaveURL(/deplace=1/, { timeout: 30_000 });
  await expect(page.getByText("Rendez-vous déplacé.")).toBeVisible();
  await expect.poll(async () => (await byBookingId(page.request, "meetings", bookingId))[0]?.properties.hs_meeting_outcome, { timeout: 30_000 }).toBe("RESCHEDULED");
  await expect
    .poll(async () => Date.parse((await byBookingId(page.request, "tickets", bookingId))[0]?.properties.intervention_start ?? ""), { timeout: 30_000 })
    .toBe(Date.parse(newStart));
  await expect.poll(async () => (await captures(page.request)).emails.some((e) => ours(e, "Votre rendez-vous a été déplacé")), { timeout: 30_000 }).toBe(true);

  // 7. Cancel from the link in the SMS, signed out.
  // This booking's SMS: its link's token names the booking.
  const linkOf = (body: string) => /https?:\/\/\S+\/rdv\/(\S+)/.exec(body);
  const forUs = (body: string) => {
    const m = linkOf(body);
    if (!body.includes("RDV déplacé") || !m) return false;
    const payload = JSON.parse(Buffer.from(decodeURIComponent(m[1]!).split(".")[1]!, "base64url").toString("utf8")) as { sub?: string };
    return payload.sub === bookingId;
  };
  await expect.poll(async () => (await captures(page.request)).sms.some((s) => forUs(s.body)), { timeout: 30_000 }).toBe(true);
  const sms = (await captures(page.request)).sms.find((s) => forUs(s.body))!;
  const link = linkOf(sms.body)![0];
  const anonymous = await browser.newContext();
  const manage = await anonymous.newPage();
  await manage.goto(link.replace(/^https?:\/\/[^/]+/, baseURL!));
  await expect(manage.getByRole("heading", { level: 1, name: "Gérer mon rendez-vous" })).toBeVisible();
  await expectAccessible(manage);
  await manage.getByRole("button", { name: "Annuler le rendez-vous" }).click();
  await manage.getByRole("button", { name: "Oui, annuler" }).click();
  await expect(manage.getByText(/Rendez-vous annulé/).first()).toBeVisible({ timeout: 30_000 });
  // The page is drawn again for the cancelled booking (no actions left) and keeps saying so: the
  // button's own message goes with the button.
  await expect(manage).toHaveURL(/[?&]annule=1/, { timeout: 30_000 });
  await expect(manage.getByRole("status").filter({ hasText: /Rendez-vous annulé/ })).toBeVisible();
  await expect(manage.getByRole("button", { name: "Annuler le rendez-vous" })).toHaveCount(0);
  await anonymous.close();

  const cancelledStage = await stageIdByLabel(page.request, "Annulée");
  await expect.poll(async () => (await byBookingId(page.request, "tickets", bookingId))[0]?.properties.hs_pipeline_stage, { timeout: 30_000 }).toBe(cancelledStage);
  // The ticket's meetings: the first time RESCHEDULED, the second one CANCELED.
  const ticketId = (await byBookingId(page.request, "tickets", bookingId))[0]!.id;
  const outcomes = async () => {
    const assoc = await hubspot<{ results: { toObjectId: string | number }[] }>(page.request, "GET", `/crm/v4/objects/tickets/${ticketId}/associations/meetings`);
    const batch = await hubspot<{ results: Obj[] }>(page.request, "POST", "/crm/v3/objects/meetings/batch/read", {
      inputs: assoc.results.map((a) => ({ id: String(a.toObjectId) })),
      properties: ["hs_meeting_outcome"],
    });
    return batch.results.map((m) => m.properties.hs_meeting_outcome).sort();
  };
  await expect.poll(outcomes, { timeout: 30_000 }).toEqual(["CANCELED", "RESCHEDULED"]);
  await expect.poll(async () => (await captures(page.request)).emails.some((e) => ours(e, "Votre rendez-vous est annulé")), { timeout: 30_000 }).toBe(true);

  // Another customer: Camille's booking, its calendar file and its moving page do not exist for Antoine.
  const antoine = await contactByEmail(page.request, "antoine.girard@example.com");
  const other = await browser.newContext();
  await signIn(other, baseURL!, antoine.id);
  const otherPage = await other.newPage();
  // HTTP 404: ownership is checked before any streaming boundary.
  for (const path of [`/rendez-vous/${bookingId}`, `/rendez-vous/${bookingId}/deplacer`]) {
    expect((await otherPage.goto(path))?.status(), path).toBe(404);
    await expect(otherPage.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
    await expect(otherPage.getByText("Annuler le rendez-vous")).toHaveCount(0);
    await expect(otherPage.getByText(startLabel)).toHaveCount(0);
  }
  expect((await otherPage.request.get(`/api/rendez-vous/${bookingId}/ics`)).status()).toBe(404);
  await other.close();

  // The portal shows it cancelled, and no longer offers to change it.
  await page.goto(`/rendez-vous/${bookingId}`);
  await expect(page.getByText("Annulé").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Déplacer" })).toHaveCount(0);
});

test("another address in the form: its own slots, or a clear message outside the service area", async ({ page, baseURL }) => {
  const camille = await contactByEmail(page.request, CAMILLE);
  await signIn(page.context(), baseURL!, camille.id);
  await page.goto("/rendez-vous/nouveau?service=entretien");
  await expect(page.getByRole("group", { name: "Jours disponibles" }).getByRole("button").first()).toBeVisible({ timeout: 60_000 });
  // The address book first (the address on file, chosen); "another address" opens the field.
  const addressBook = page.getByRole("group", { name: "Adresse de l'intervention" });
  await expect(addressBook.getByRole("radio").first()).toBeChecked();
  await expect(page.getByLabel("Autre adresse de l'intervention")).toHaveCount(0);
  await addressBook.getByRole("radio", { name: "Une autre adresse" }).check();
  const address = page.getByLabel("Autre adresse de l'intervention");
  await address.fill("3 La Canebière, 13001 Marseille");
  await page.getByRole("button", { name: "Voir les créneaux pour cette adresse" }).click();
  await expect(page.getByText(/notre zone d.intervention couvre/).first()).toBeVisible();
  await expect(page.getByRole("group", { name: "Jours disponibles" })).toHaveCount(0);
  // Back inside the area: slots again.
  await address.fill("5 place Bellecour, 69002 Lyon");
  await page.getByRole("button", { name: "Voir les créneaux pour cette adresse" }).click();
  await expect(page.getByText(/Créneaux mis à jour pour cette adresse/)).toBeVisible();
  await expect(page.getByRole("group", { name: "Jours disponibles" }).getByRole("button").first()).toBeVisible();
  // Back to the saved address: one click, the field closes, its times come back.
  await addressBook.getByRole("radio").first().check();
  await expect(page.getByLabel("Autre adresse de l'intervention")).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Jours disponibles" }).getByRole("button").first()).toBeVisible();
});

test("a forged or foreign manage link changes nothing", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/rdv/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged");
  await expect(page.getByText("Ce lien n'est pas valide ou a expiré.")).toBeVisible();
  await context.close();
});
