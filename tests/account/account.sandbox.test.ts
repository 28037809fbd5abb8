import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addAddress, getAddress, listAddresses, removeAddress, setDefaultAddress, updateAddress } from "@/lib/account/addresses";
import { confirmErasure, requestErasure } from "@/lib/account/erasure";
import { getExportStatus, readExportArchive, requestDataExport } from "@/lib/account/export-data";
import { getAccount } from "@/lib/account/get-account";
import { registerAccountHandlers } from "@/lib/account/outbox-handlers";
import { notificationPreferences, saveNotificationPreferences } from "@/lib/account/preferences";
import { saveLanguage } from "@/lib/account/save-language";
import { confirmContactChange, pendingContactProperties, updateContactDetails } from "@/lib/account/update-contact-details";
import { requestSignIn } from "@/lib/auth/request-sign-in";
import { SESSION_MAX_AGE_MS, checkSessionClaims } from "@/lib/auth/session-core";
import { createMemoryBus } from "@/lib/live/bus";
import { setLiveBusForTests } from "@/lib/live/process-bus";
import { openLiveStream } from "@/lib/live/stream";
import { verifySignIn } from "@/lib/auth/verify-sign-in";
import { resolveContactForIdentity } from "@/lib/auth/resolve-contact";
import type { Db } from "@/lib/db/client";
import { accountVerifications, customerAddresses, dataExports, erasureRequests, imageVariants, outbox, retainedDocuments, sessionEpochs, signInAttempts } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { clearHubSpotCache } from "@/lib/hubspot/cache";
import { findContactIdByEmail, findContactIdByPhone, getCustomer, getInvoice, listCustomerFileIds, listInvoices, listQuotes } from "@/lib/hubspot/queries";
import { enqueueNotification } from "@/lib/outbox/enqueue";
import { openPayload } from "@/lib/outbox/seal";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { buildSeed } from "@/sandbox/seed";
import { FakeTransports } from "../outbox/support";
import { TOKEN, startStack, type Stack } from "../hubspot/support/stack";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return isAppError(e) ? e.code : `raw:${String(e)}`;
  }
}

describe("account, preferences and GDPR self-service (sandbox + database)", () => {
  let stack: Stack;
  let db: Db;
  let camille: { contactId: string; email: string; phone: string };
  let antoine: { contactId: string; email: string; phone: string };
  const fake = new FakeTransports();

  /** Delivers every due outbox row (HubSpot writes through the handlers, messages to the fakes). */
  async function drain(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      const pass = await runOutboxOnce({ db, transports: fake.transports });
      if (pass.claimed === 0) return;
    }
  }

  /** The code inside the sealed notification of a verification. */
  async function sentCode(verificationId: string): Promise<{ to: string; code: string }> {
    const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `account-code:${verificationId}`));
    if (!row) throw new Error("no code row");
    const opened = openPayload((row.payload as { sealed: string }).sealed, row.id) as { to: string; data: { code: string } };
    return { to: opened.to, code: opened.data.code };
  }

  beforeAll(async () => {
    stack = await startStack(() => buildSeed({ now: new Date() }));
    db = stack.db.db;
    const [a, b] = stack.seed.demoCustomers;
    camille = a!;
    antoine = b!;
    registerAccountHandlers();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    fake.emails = [];
    fake.sms = [];
  });

  it("names go to HubSpot through the outbox; the page shows them at once as pending", async () => {
    const result = await updateContactDetails(camille.contactId, { firstName: "Camille", lastName: "Martin-Durand", email: camille.email, phone: camille.phone }, { locale: "fr" });
    expect(result).toEqual({ saved: true, verifications: [] });
    const pending = await getAccount(camille.contactId);
    expect(pending.customer.lastName).toBe("Martin-Durand");
    expect(pending.customer.pendingFields).toContain("lastname");
    await drain();
    await clearHubSpotCache(db);
    expect((await getCustomer(camille.contactId)).lastName).toBe("Martin-Durand");
    expect((await getAccount(camille.contactId)).customer.pendingFields).toEqual([]);
  });

  it("a new email is not used for sign-in before its code is confirmed", async () => {
    const newEmail = "camille.nouvelle@example.fr";
    const result = await updateContactDetails(camille.contactId, { firstName: "Camille", lastName: "Martin-Durand", email: newEmail, phone: camille.phone }, { locale: "fr" });
    expect(result.saved).toBe(false);
    expect(result.verifications).toHaveLength(1);
    const v = result.verifications[0]!;
    expect(v).toMatchObject({ purpose: "email-change", channel: "email", target: newEmail });
    const sent = await sentCode(v.verificationId);
    expect(sent.to).toBe(newEmail); // the code goes to the NEW address
    await drain();
    expect(fake.emails.map((m) => m.to)).toContain(newEmail);
    // Nothing written yet: the new email signs nobody in, the old one still does.
    await clearHubSpotCache(db);
    expect(await findContactIdByEmail(newEmail)).toBeNull();
    expect(await findContactIdByEmail(camille.email)).toBe(camille.contactId);

    // Antoine cannot spend Camille's verification, even with the right code.
    expect(await codeOf(confirmContactChange(antoine.contactId, { verificationId: v.verificationId, code: sent.code, purpose: "email-change" }))).toBe("VALIDATION");
    // A wrong code is refused and counted.
    const wrong = sent.code === "000000" ? "111111" : "000000";
    expect(await codeOf(confirmContactChange(camille.contactId, { verificationId: v.verificationId, code: wrong, purpose: "email-change" }))).toBe("VALIDATION");

    expect(await confirmContactChange(camille.contactId, { verificationId: v.verificationId, code: sent.code, purpose: "email-change" })).toEqual({ field: "email", value: newEmail });
    // Single use.
    expect(await codeOf(confirmContactChange(camille.contactId, { verificationId: v.verificationId, code: sent.code, purpose: "email-change" }))).toBe("VALIDATION");
    await drain();
    await clearHubSpotCache(db);
    // Signing in with it reaches Camille at once, although HubSpot's search shows it only moments later.
    expect(await resolveContactForIdentity("email", newEmail)).toBe(camille.contactId);
    expect(stack.sandbox.store.getObject("contacts", camille.contactId)?.properties.email).toBe(newEmail);
    camille = { ...camille, email: newEmail };
  });

  it("a new phone is verified by SMS, then written to phone and mobilephone", async () => {
    const result = await updateContactDetails(camille.contactId, { firstName: "Camille", lastName: "Martin-Durand", email: camille.email, phone: "07 11 22 33 44" }, { locale: "fr" });
    const v = result.verifications[0]!;
    expect(v).toMatchObject({ purpose: "phone-change", channel: "sms", target: "+33711223344" });
    const sent = await sentCode(v.verificationId);
    await drain();
    expect(fake.sms.map((m) => m.to)).toContain("+33711223344");
    expect(await findContactIdByPhone("+33711223344")).toBeNull();
    await confirmContactChange(camille.contactId, { verificationId: v.verificationId, code: sent.code, purpose: "phone-change" });
    await drain();
    await clearHubSpotCache(db);
    // HubSpot refuses no duplicate phone: without the portal's record, a sign-in within the index
    // lag would have created a second contact.
    const contacts = stack.sandbox.store.count("contacts");
    expect(await resolveContactForIdentity("sms", "+33711223344")).toBe(camille.contactId);
    expect(stack.sandbox.store.count("contacts")).toBe(contacts);
    expect(stack.sandbox.store.getObject("contacts", camille.contactId)?.properties.mobilephone).toBe("+33711223344");
    camille = { ...camille, phone: "+33711223344" };
  });

  it("the answer to a change is the same whether another customer uses the value; the conflict shows only after its code; codes are limited", async () => {
    // Antoine (no account code yet this hour) asks for Camille's email and number, and for unused ones.
    const who = await getCustomer(antoine.contactId);
    const ask = (change: { email?: string; phone?: string }) =>
      updateContactDetails(antoine.contactId, { firstName: who.firstName ?? "", lastName: who.lastName ?? "", email: antoine.email, phone: antoine.phone, ...change }, { locale: "fr" });
    // The verification id is random in every answer; the target is what he typed.
    const shape = (r: Awaited<ReturnType<typeof updateContactDetails>>) =>
      JSON.stringify(r).replace(/"verificationId":"[^"]+"/g, '"verificationId":"…"').replace(/"target":"[^"]+"/g, '"target":"…"');
    // (A new request replaces the live code of the same kind: the used values are asked last.)
    const unusedEmail = await ask({ email: "antoine.ailleurs@example.fr" });
    const unusedPhone = await ask({ phone: "07 55 44 33 22" });
    const usedPhone = await ask({ phone: camille.phone });
    const usedEmail = await ask({ email: camille.email });
    expect(shape(usedEmail)).toBe(shape(unusedEmail));
    expect(shape(usedPhone)).toBe(shape(unusedPhone));
    expect(usedEmail.verifications[0]).toMatchObject({ purpose: "email-change", target: camille.email });
    // Both got a code, at the address typed.
    const toUsed = await sentCode(usedEmail.verifications[0]!.verificationId);
    expect(toUsed.to).toBe(camille.email);
    expect((await sentCode(unusedEmail.verifications[0]!.verificationId)).to).toBe("antoine.ailleurs@example.fr");

    // A wrong code says what it says for any address; the right one reveals the conflict, and nothing is written.
    const wrongUsed = confirmContactChange(antoine.contactId, { verificationId: usedEmail.verifications[0]!.verificationId, code: toUsed.code === "000000" ? "111111" : "000000", purpose: "email-change" });
    await expect(wrongUsed).rejects.toMatchObject({ code: "VALIDATION", userMessage: "Code incorrect. Il vous reste 4 essais." });
    const right = confirmContactChange(antoine.contactId, { verificationId: usedEmail.verifications[0]!.verificationId, code: toUsed.code, purpose: "email-change" });
    await expect(right).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringMatching(/déjà associée à un autre compte client/) });
    const phoneCode = await sentCode(usedPhone.verifications[0]!.verificationId);
    const rightPhone = confirmContactChange(antoine.contactId, { verificationId: usedPhone.verifications[0]!.verificationId, code: phoneCode.code, purpose: "phone-change" });
    await expect(rightPhone).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringMatching(/déjà associé à un autre compte client/) });
    expect(await pendingContactProperties(antoine.contactId)).toEqual({});

    // 5 codes an hour per customer, used value or not: the 6th request is refused the same way for both.
    const fifth = await ask({ email: "antoine.encore@example.fr" });
    const fifthCode = await sentCode(fifth.verifications[0]!.verificationId);
    const wrongUnused = confirmContactChange(antoine.contactId, { verificationId: fifth.verifications[0]!.verificationId, code: fifthCode.code === "000000" ? "111111" : "000000", purpose: "email-change" });
    await expect(wrongUnused).rejects.toMatchObject({ code: "VALIDATION", userMessage: "Code incorrect. Il vous reste 4 essais." });
    const limitedUsed = ask({ email: camille.email });
    await expect(limitedUsed).rejects.toMatchObject({ code: "RATE_LIMITED" });
    const limitedUnused = ask({ email: "antoine.toujours@example.fr" });
    await expect(limitedUnused).rejects.toMatchObject({ code: "RATE_LIMITED", userMessage: "Trop de codes envoyés. Merci de réessayer dans une heure." });
  });

  it("refuses bad details, changing nothing", async () => {
    expect(await codeOf(updateContactDetails(camille.contactId, { firstName: "", lastName: "x", email: "pas-un-email", phone: "12" }))).toMatch(/raw:|VALIDATION/);
    const before = await db.select().from(outbox);
    // The code confirming a new number goes by SMS: a landline is refused, in French.
    const landline = updateContactDetails(camille.contactId, { firstName: "Camille", lastName: "Martin-Durand", email: camille.email, phone: "04 78 62 45 18" });
    await expect(landline).rejects.toMatchObject({ code: "VALIDATION", userMessage: expect.stringMatching(/numéro de mobile/) });
    expect(await db.select().from(outbox)).toHaveLength(before.length);
  });

  it("addresses: imported from HubSpot, added, edited, default mirrored to HubSpot; another customer's are not found", async () => {
    const initial = await listAddresses(camille.contactId);
    expect(initial.length).toBe(1);
    expect(initial[0]!.isDefault).toBe(true);
    const second = await addAddress(camille.contactId, { label: "Résidence secondaire", line: "4 chemin des Vignes", zip: "69390", city: "Vourles" });
    expect(second.isDefault).toBe(false);
    expect((await listAddresses(camille.contactId)).map((a) => a.id)).toEqual([initial[0]!.id, second.id]);

    // Antoine: Camille's address is unknown to him, for every operation.
    expect(await codeOf(getAddress(antoine.contactId, second.id))).toBe("NOT_FOUND");
    expect(await codeOf(updateAddress(antoine.contactId, second.id, { line: "x", zip: "75001", city: "Paris" }))).toBe("NOT_FOUND");
    expect(await codeOf(removeAddress(antoine.contactId, second.id))).toBe("NOT_FOUND");
    expect(await codeOf(setDefaultAddress(antoine.contactId, second.id))).toBe("NOT_FOUND");
    expect(await listAddresses(antoine.contactId)).not.toContainEqual(expect.objectContaining({ id: second.id }));

    await setDefaultAddress(camille.contactId, second.id);
    const after = await listAddresses(camille.contactId);
    expect(after.filter((a) => a.isDefault).map((a) => a.id)).toEqual([second.id]);
    await drain();
    await clearHubSpotCache(db);
    expect((await getCustomer(camille.contactId)).address).toEqual({ line: "4 chemin des Vignes", zip: "69390", city: "Vourles" });

    // The default one cannot be removed; the other one can.
    expect(await codeOf(removeAddress(camille.contactId, second.id))).toBe("CONFLICT");
    await removeAddress(camille.contactId, initial[0]!.id);
    expect((await listAddresses(camille.contactId)).map((a) => a.id)).toEqual([second.id]);
    expect(await codeOf(addAddress(camille.contactId, { line: "1 rue", zip: "7500", city: "Paris" }))).toMatch(/raw:|VALIDATION/);
    // A postcode of another town: the field's French message (lib/geo), nothing saved.
    const refused = await addAddress(camille.contactId, { line: "12 rue de la République", zip: "69100", city: "Bron" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "VALIDATION", details: { fieldErrors: { zip: "Le code postal 69100 est celui de Villeurbanne, pas de Bron. Vérifiez le code postal ou la ville." } } });
    expect((await listAddresses(camille.contactId)).map((a) => a.id)).toEqual([second.id]);
  });

  it("preferences: defaults (marketing off), saved per customer, honoured by the outbox for optional kinds only", async () => {
    expect(await notificationPreferences(antoine.contactId)).toMatchObject({ reminderSms: true, marketingConsent: false });
    await saveNotificationPreferences(camille.contactId, {
      reminderEmail: true,
      reminderSms: false,
      trackingEmail: true,
      trackingSms: true,
      surveyEmail: false,
      surveySms: false,
      marketingConsent: true,
    });
    expect((await notificationPreferences(camille.contactId)).reminderSms).toBe(false);
    // The marketing consent goes to the HubSpot contact (staff send offers from there).
    await drain();
    const raw = await fetch(`${stack.sandbox.url}/crm/v3/objects/contacts/${camille.contactId}?properties=portal_marketing_consent`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await raw.json()) as { properties: Record<string, string> }).properties.portal_marketing_consent).toBe("true");
    expect((await notificationPreferences(antoine.contactId)).reminderSms).toBe(true);

    const sms = (key: string, contactId: string, category?: "reminder" | "tracking") =>
      enqueueNotification(db, { kind: "sms", template: "notice", to: "+33612345678", locale: "fr", data: { text: "Rappel" }, idempotencyKey: key, contactId, category });
    expect(await sms("t:reminder:camille", camille.contactId, "reminder")).toBe("skipped");
    expect(await sms("t:reminder:antoine", antoine.contactId, "reminder")).toBe("queued");
    expect(await sms("t:tracking:camille", camille.contactId, "tracking")).toBe("queued");
    // Survey invitations are optional by nature, even when the caller gives no category.
    const survey = (key: string, contactId: string) =>
      enqueueNotification(db, { kind: "email", template: "survey-invitation", to: "client@example.fr", locale: "fr", data: { subject: "Dépannage", url: "https://portail.example.fr/avis/x" }, sensitive: true, idempotencyKey: key, contactId });
    expect(await survey("t:survey:camille", camille.contactId)).toBe("skipped");
    expect(await survey("t:survey:antoine", antoine.contactId)).toBe("queued");
    // The "technician en route" notice of lib/interventions is tracking, recognised by its key.
    await saveNotificationPreferences(antoine.contactId, { ...(await notificationPreferences(antoine.contactId)), trackingSms: false });
    expect(await sms("intervention:900001:en_route:123:sms", antoine.contactId)).toBe("skipped");
    await saveNotificationPreferences(antoine.contactId, { ...(await notificationPreferences(antoine.contactId)), trackingSms: true });
    // No category (sign-in, security, account messages): always sent.
    expect(await sms("t:security:camille", camille.contactId)).toBe("queued");
    // Turned off after it was queued: skipped at delivery.
    await saveNotificationPreferences(camille.contactId, { ...(await notificationPreferences(camille.contactId)), trackingSms: false });
    await drain();
    const rows = await db.select().from(outbox).where(eq(outbox.idempotencyKey, "t:tracking:camille"));
    expect(rows[0]!.result).toEqual({ skipped: "preference" });
    expect(fake.sms.filter((m) => m.body.includes("Rappel"))).toHaveLength(2); // Antoine's reminder + Camille's security notice
  });

  it("language is saved on the HubSpot contact", async () => {
    await saveLanguage(antoine.contactId, { language: "en" });
    await drain();
    await clearHubSpotCache(db);
    expect((await getCustomer(antoine.contactId)).language).toBe("en");
    await saveLanguage(antoine.contactId, { language: "fr" });
    await drain();
  });

  it("export: a ZIP with this customer's data and PDFs, nothing of anyone else's; not downloadable by another customer", async () => {
    const requested = await requestDataExport(camille.contactId, { locale: "fr" });
    expect(requested.status).toBe("queued");
    expect(await codeOf(getExportStatus(antoine.contactId, requested.id))).toBe("NOT_FOUND");
    expect(await codeOf(readExportArchive(camille.contactId, requested.id))).toBe("NOT_FOUND"); // not ready yet
    await drain();
    const ready = await getExportStatus(camille.contactId, requested.id);
    expect(ready).toMatchObject({ status: "ready", progress: 100 });
    expect(await codeOf(readExportArchive(antoine.contactId, requested.id))).toBe("NOT_FOUND");
    expect(fake.emails.some((m) => m.to === camille.email && /prêtes/.test(m.subject))).toBe(true);

    const { bytes, fileName } = await readExportArchive(camille.contactId, requested.id);
    expect(fileName).toMatch(/^mes-donnees-.*\.zip$/);
    const entries = unzipSync(bytes);
    const names = Object.keys(entries);
    expect(names).toContain("donnees.json");
    expect(names).toContain("LISEZMOI.txt");
    const data = JSON.parse(strFromU8(entries["donnees.json"]!)) as { contactId: string; hubspot: { contact: { email: string }; invoices: { id: string; number: string }[]; quotes: { id: string }[] }; portal: Record<string, unknown[]> };
    expect(data.contactId).toBe(camille.contactId);
    expect(data.hubspot.contact.email).toBe(camille.email);
    const invoices = await listInvoices(camille.contactId);
    expect(invoices.length).toBeGreaterThan(0);
    expect(data.hubspot.invoices.map((i) => i.id).sort()).toEqual(invoices.map((i) => i.id).sort());
    expect(names.filter((n) => n.startsWith("factures/") && n.endsWith(".pdf"))).toHaveLength(invoices.length);
    expect(strFromU8(entries[names.find((n) => n.startsWith("factures/"))!]!.slice(0, 5))).toBe("%PDF-");
    expect(data.portal.customer_addresses?.length).toBeGreaterThan(0);
    expect(data.portal.notification_preferences).toHaveLength(1);

    // Nothing of Antoine's anywhere in the archive.
    const everything = Object.values(entries)
      .map((b) => Buffer.from(b).toString("latin1"))
      .join("\n");
    const antoineCustomer = await getCustomer(antoine.contactId);
    const antoineInvoices = await listInvoices(antoine.contactId);
    for (const needle of [antoine.email, antoineCustomer.lastName!, antoine.phone, ...antoineInvoices.map((i) => i.number!).filter(Boolean)]) {
      expect(everything.includes(needle), needle).toBe(false);
    }
    // No secrets: code hashes and sealed payloads are not exported.
    expect(everything).not.toMatch(/scrypt\$|"code_hash"|"sealed"/);

    // Available 7 days, then gone (its bytes are dropped at the next export request).
    const later = Date.now() + 8 * 24 * 3600 * 1000;
    expect(await codeOf(readExportArchive(camille.contactId, requested.id, later))).toBe("NOT_FOUND");
    expect((await getExportStatus(camille.contactId, requested.id, later)).status).toBe("expired");
    await requestDataExport(camille.contactId, { locale: "fr", now: later });
    const [old] = await db.select({ archive: dataExports.archive, status: dataExports.status }).from(dataExports).where(eq(dataExports.id, requested.id));
    expect(old).toEqual({ archive: null, status: "expired" });
  });

  it("an accepted change is not lost while HubSpot fails: it waits in the outbox, shown as pending, then lands", async () => {
    const before = await getAccount(antoine.contactId); // warms the cache: the page still works while HubSpot fails
    await stack.control("/faults", { mode: "error5xx", pathPattern: `/crm/v3/objects/contacts/${antoine.contactId}$` });
    try {
      const result = await updateContactDetails(antoine.contactId, { firstName: "Antoine-Marie", lastName: before.customer.lastName ?? "", email: antoine.email, phone: antoine.phone });
      expect(result.saved).toBe(true);
      await drain();
      const [row] = await db.select().from(outbox).where(and(eq(outbox.contactId, antoine.contactId), eq(outbox.status, "pending")));
      expect(row?.attempts).toBeGreaterThanOrEqual(1);
      expect(row?.lastError).toBeTruthy();
      // What the page overlays on HubSpot's data ("en cours de transmission").
      expect(await pendingContactProperties(antoine.contactId)).toEqual({ firstname: "Antoine-Marie" });
    } finally {
      await stack.control("/faults", { mode: "none" });
    }
    // HubSpot is back: the next pass after the backoff delivers it.
    const later = new Date(Date.now() + 60 * 60 * 1000);
    await runOutboxOnce({ db, transports: fake.transports, now: () => later });
    await clearHubSpotCache(db);
    expect((await getCustomer(antoine.contactId)).firstName).toBe("Antoine-Marie");
  });

  it("erasure: code, then sign-out everywhere, sign-in refused, HubSpot GDPR delete, invoices kept unreachable", async () => {
    const contactId = camille.contactId;
    const invoices = await listInvoices(contactId);
    const signedQuotes = (await listQuotes(contactId)).filter((q) => q.status === "signed");
    const oldSession = { contactId, sessionId: "session-before-erasure-0001", signedInAt: Date.now() - 60_000, channel: "email" as const, identity: camille.email, locale: "fr" as const };
    expect(await checkSessionClaims(db, oldSession, Date.now())).not.toBeNull();

    // A resized copy of one of her photos, as the photo route caches them.
    const [photoId] = [...(await listCustomerFileIds(contactId))];
    expect(photoId).toBeDefined();
    await db.insert(imageVariants).values({ fileId: photoId!, variant: "thumb", contentType: "image/webp", bytes: new Uint8Array([1, 2, 3]) });

    // Antoine cannot confirm Camille's erasure; a wrong code changes nothing.
    const request = await requestErasure(contactId, { channel: "sms" }, { locale: "fr" });
    expect(request.maskedTarget).toMatch(/•+44$/);
    const sent = await sentCode(request.verificationId);
    expect(sent.to).toBe(camille.phone);
    expect(await codeOf(confirmErasure(antoine.contactId, { verificationId: request.verificationId, code: sent.code }))).toBe("VALIDATION");
    expect(await codeOf(confirmErasure(contactId, { verificationId: request.verificationId, code: sent.code === "123456" ? "654321" : "123456" }))).toBe("VALIDATION");
    expect(await checkSessionClaims(db, oldSession, Date.now())).not.toBeNull();

    // Her page is open on its live stream (as /api/live opens it), on the in-process bus.
    setLiveBusForTests(createMemoryBus());
    const checks: Promise<boolean>[] = [];
    const live = openLiveStream(new Request("http://portail.test/api/live"), contactId, {
      expiresAt: oldSession.signedInAt + SESSION_MAX_AGE_MS,
      isValid: () => {
        const check = checkSessionClaims(db, oldSession, Date.now()).then((s) => s !== null);
        checks.push(check);
        return check;
      },
    });
    const reader = live.body!.getReader();
    let liveText = "";
    const liveClosed = (async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) liveText += new TextDecoder().decode(r.value);
      return "closed" as const;
    })();

    const { erasureId } = await confirmErasure(contactId, { verificationId: request.verificationId, code: sent.code }, { locale: "fr", sessionIdentity: camille.email });
    // The stream ends on the erasure itself (its check done, before any heartbeat), telling the page.
    await Promise.all(checks);
    expect(await Promise.race([liveClosed, new Promise((r) => setImmediate(() => r("still open")))])).toBe("closed");
    expect(liveText).toContain("event: session-ended");
    setLiveBusForTests(undefined);
    // At once: the old session cookie is refused, sign-in is blocked, the portal's data is gone.
    expect(await checkSessionClaims(db, oldSession, Date.now())).toBeNull();
    const [epoch] = await db.select().from(sessionEpochs).where(eq(sessionEpochs.contactId, contactId));
    expect(epoch?.signInBlocked).not.toBeNull();
    expect(await db.select().from(customerAddresses).where(eq(customerAddresses.contactId, contactId))).toEqual([]);
    expect(await db.select().from(accountVerifications).where(eq(accountVerifications.contactId, contactId))).toEqual([]);

    await drain();
    // The sandbox received the GDPR delete.
    const deletions = await stack.control("/gdpr-deletions");
    expect((deletions.body?.results as { objectId: string }[]).map((d) => d.objectId)).toContain(contactId);
    const [erasure] = await db.select().from(erasureRequests).where(eq(erasureRequests.id, erasureId));
    expect(erasure).toMatchObject({ status: "completed", retainedDocuments: invoices.length + signedQuotes.length });
    // The customer was told (SMS, the channel of the code), and that row no longer holds the number.
    expect(fake.sms.some((m) => m.to === camille.phone && /supprime/.test(m.body))).toBe(true);
    expect((await db.select().from(outbox).where(eq(outbox.contactId, contactId))).every((r) => JSON.stringify(r.payload).includes("redacted") || (r.payload as { operation?: string }).operation === "account.eraseContact")).toBe(true);

    expect(await db.select().from(imageVariants).where(eq(imageVariants.fileId, photoId!))).toEqual([]);

    // Invoices (and signed quotes) kept in restricted form: PDFs, legal basis, 10 years, no contact id.
    const retained = await db.select().from(retainedDocuments).where(eq(retainedDocuments.erasureId, erasureId));
    expect(retained.map((r) => r.sourceObjectId).sort()).toEqual([...invoices.map((i) => i.id), ...signedQuotes.map((q) => q.id)].sort());
    for (const r of retained) {
      expect(Buffer.from(r.pdf).subarray(0, 5).toString()).toBe("%PDF-");
      expect(r.retainUntil.getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 9);
      expect(Object.keys(r)).not.toContain("contactId");
    }

    // Sign-in with the erased email or phone fails, and creates no new contact.
    for (const identifiant of [camille.email, camille.phone]) {
      const reply = await requestSignIn({ db, siteUrl: "http://127.0.0.1:1", ip: "203.0.113.9", locale: "fr" }, { identifiant });
      const [attempt] = (await db.select().from(signInAttempts).where(eq(signInAttempts.identity, identifiant))).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `sign-in:${attempt!.id}`));
      const secret = openPayload((row!.payload as { sealed: string }).sealed, row!.id) as { data: { url?: string; code?: string } };
      const result =
        reply.status === "email-sent"
          ? await verifySignIn({ db, ip: "203.0.113.9", resolveContact: resolveContactForIdentity }, { channel: "email", attemptId: attempt!.id, token: new URL(secret.data.url!).searchParams.get("token") })
          : await verifySignIn({ db, ip: "203.0.113.9", resolveContact: resolveContactForIdentity }, { channel: "sms", attemptId: attempt!.id, code: secret.data.code });
      expect(result).toEqual({ ok: false, code: "blocked" });
    }
    await clearHubSpotCache(db);
    // Gone from HubSpot (read from the store: HubSpot's search may show it for a few moments more).
    expect(stack.sandbox.store.findByProperty("contacts", "email", camille.email)).toBeUndefined();

    // The retained invoices are reachable from no customer session: not through the erased contact,
    // not through another customer, and no code outside lib/account reads retained_documents.
    expect(await codeOf(listInvoices(contactId))).toBe("NOT_FOUND");
    for (const invoice of invoices) expect(await codeOf(getInvoice(antoine.contactId, invoice.id))).toBe("NOT_FOUND");
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name) && /retainedDocuments|retained_documents/.test(readFileSync(full, "utf8"))) readers.push(path.relative(process.cwd(), full));
      }
    };
    for (const root of ["app", "components", "lib"]) walk(path.join(process.cwd(), root));
    expect(readers.sort()).toEqual(["lib/account/erasure.ts", "lib/db/schema.ts"]);

    // A second run of the HubSpot part (retry after a timeout) is harmless.
    const again = await db.select().from(erasureRequests).where(and(eq(erasureRequests.id, erasureId), eq(erasureRequests.status, "completed")));
    expect(again).toHaveLength(1);
  });
});
