import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrivacyContent } from "@/components/account/privacy-content";
import type { DbHandle } from "@/lib/db/client";
import { asDb, setDbForTests } from "@/lib/db/current";
import { outbox, portalSettings } from "@/lib/db/schema";
import { documentCompany } from "@/lib/documents/company";
import { pdfOrUnavailable } from "@/lib/documents/pdf-response";
import { resetEnvForTests } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueueNotification } from "@/lib/outbox/enqueue";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { DEMO_SETTINGS, getSettings, saveSettingsSection, type CompanySettings } from "@/lib/settings";
import { publicReviewUrl } from "@/lib/surveys/review";
import { makeCustomer, makeInvoice } from "../documents/fixtures";
import { hasBinary, pdftotextPages } from "../documents/pdf-text";
import { FakeTransports, fakeClock } from "../outbox/support";
import { openTestDb } from "../support/db";

/**
 * The company identity comes from the console's settings when it is used: with a real HubSpot
 * account and nothing entered yet, nothing is made up (messages wait, documents answer 503, pages
 * print a neutral text); once saved, the next message and the next invoice PDF carry it, and a
 * later change is printed by the very next one.
 */
let t: DbHandle;
const saved = { token: process.env.HUBSPOT_ACCESS_TOKEN };
beforeAll(async () => {
  // Real HubSpot (not the sandbox): the demo seed is never written, the company starts empty.
  process.env.HUBSPOT_ACCESS_TOKEN = "pat-eu1-company-test";
  resetEnvForTests();
  t = await openTestDb();
  setDbForTests(t.db);
});
afterAll(async () => {
  setDbForTests(undefined);
  await t.close();
  if (saved.token === undefined) delete process.env.HUBSPOT_ACCESS_TOKEN;
  else process.env.HUBSPOT_ACCESS_TOKEN = saved.token;
  resetEnvForTests();
});

async function saveCompany(value: CompanySettings): Promise<void> {
  const { versions } = await getSettings();
  const result = await t.db.transaction((tx) => saveSettingsSection(asDb(tx), "company", value, { expectedVersion: versions.company, updatedBy: "office@example.fr" }));
  expect(result.ok).toBe(true);
}

const pdfText = (bytes: Uint8Array) => pdftotextPages(bytes).join("\n").replace(/\s+/g, " ");

describe("company identity not entered yet (real HubSpot)", () => {
  it("the settings say so: no company, no review invitation", async () => {
    expect((await getSettings()).company).toBeNull();
    expect(await publicReviewUrl()).toBeNull();
  });

  it("the staff's own sign-in link still goes out (they sign in to enter the identity), with no made-up identity", async () => {
    const clock = fakeClock();
    const fake = new FakeTransports();
    await t.db.transaction((tx) =>
      enqueueNotification(asDb(tx), {
        kind: "email",
        template: "staff-sign-in-link",
        to: "office@example.fr",
        locale: "fr",
        data: { url: "http://localhost:3000/console/connexion/lien?token=abc", expiresInMinutes: 15 },
        sensitive: true,
        idempotencyKey: "company-missing:staff-link",
      }),
    );
    expect(await runOutboxOnce({ db: t.db, transports: fake.transports, now: clock.now, random: () => 0 })).toMatchObject({ sent: 1 });
    const [mail] = fake.emails;
    expect(mail?.subject).toBe("Connexion à la console");
    expect(mail?.text).toContain("/console/connexion/lien?token=abc");
    expect(mail?.text).not.toMatch(/SIRET|Duret/);
  });

  it("an SMS waiting in the outbox is not sent: it waits with a French reason for the delivery desk, then goes out with the identity once entered", async () => {
    const clock = fakeClock();
    const fake = new FakeTransports();
    await t.db.transaction((tx) =>
      enqueueNotification(asDb(tx), { kind: "sms", template: "notice", to: "+33612345678", locale: "fr", data: { text: "Une réponse vous attend." }, idempotencyKey: "company-missing:sms" }),
    );
    const first = await runOutboxOnce({ db: t.db, transports: fake.transports, now: clock.now, random: () => 0 });
    expect(first).toMatchObject({ claimed: 1, sent: 0, retried: 1, dead: 0 });
    expect(fake.sms).toHaveLength(0);
    const [row] = await t.db.select().from(outbox).where(eq(outbox.idempotencyKey, "company-missing:sms"));
    expect(row?.status).toBe("pending");
    expect(row?.lastError).toContain("Identité de l'entreprise non renseignée : console → Réglages → Entreprise");
    // It waits the time the staff need to fill the console, not a quick backoff.
    expect(row!.nextAttemptAt!.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(10 * 60_000);

    await saveCompany({ ...DEMO_SETTINGS.company, tradeName: "Lumière & Fils" });
    clock.advance(11 * 60_000);
    const second = await runOutboxOnce({ db: t.db, transports: fake.transports, now: clock.now, random: () => 0 });
    expect(second).toMatchObject({ sent: 1 });
    expect(fake.sms.map((s) => s.body)).toEqual(["Lumière & Fils : Une réponse vous attend."]);
  });
});

describe("documents and pages without an identity", () => {
  it("a PDF cannot be produced: 503 with « Document momentanément indisponible », in French, never a 500", async () => {
    const company = (await getSettings()).company;
    // Back to "not entered" for this test: the row is removed (real HubSpot: no demo seed comes back).
    await t.db.delete(portalSettings).where(eq(portalSettings.key, "company"));
    expect((await getSettings()).company).toBeNull();

    const error = await documentCompany().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).userMessage).toMatch(/^Document momentanément indisponible/);

    const response = await pdfOrUnavailable(async () => renderInvoicePdf(makeInvoice(), makeCustomer(), await documentCompany()).then((b) => ({ body: b, fileName: "f.pdf", size: b.byteLength, signed: false })), "inline");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Document momentanément indisponible");

    // The privacy page names no made-up controller.
    const html = renderToStaticMarkup(createElement(PrivacyContent, { locale: "fr", company: null }));
    expect(html).toContain("écrivez-nous depuis la rubrique Messages");
    expect(html).not.toContain("Duret");
    expect(html).not.toContain("SIRET");

    if (company) await saveCompany(company);
  });
});

describe.skipIf(!hasBinary("pdftotext"))("a change is used at once", () => {
  it("a new insurance saved in the console is printed on the very next invoice PDF", async () => {
    const before = (await getSettings()).company ?? DEMO_SETTINGS.company;
    if (!(await getSettings()).company) await saveCompany(before);
    const first = pdfText(await renderInvoicePdf(makeInvoice(), makeCustomer(), await documentCompany()));
    expect(first).toContain(before.insurance.insurer);

    await saveCompany({ ...before, insurance: { ...before.insurance, insurer: "Assurances du Confluent", policyNumber: "RCD-2027-000042" } });
    const next = pdfText(await renderInvoicePdf(makeInvoice(), makeCustomer(), await documentCompany()));
    expect(next).toContain("Assurances du Confluent");
    expect(next).toContain("RCD-2027-000042");
    expect(next).not.toContain(before.insurance.insurer);
  });

  it("the review page entered in the console is offered at once", async () => {
    const company = (await getSettings()).company!;
    await saveCompany({ ...company, reviewUrl: "https://g.page/r/duret/review" });
    expect(await publicReviewUrl()).toBe("https://g.page/r/duret/review");
  });
});
