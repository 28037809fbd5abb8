import { NextIntlClientProvider } from "next-intl";
import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SlotPicker } from "@/components/appointments/slot-picker";
import { Brand } from "@/components/shell/brand";
import type { SlotListing } from "@/lib/bookings/list-slots";
import { MESSAGES } from "@/lib/i18n/messages";
import { TEST_COMPANY } from "../support/company";

/**
 * WCAG 2.5.3 Label in Name (axe `label-content-name-mismatch`): a voice-control user says what they
 * see (« Mar. 8 déc. », « 9 h 30 »), so each button's accessible name must contain its visible text.
 * Each button of the rendered picker, and the brand's link home: its name (aria-label, else its
 * text) against its visible text (without the sr-only words).
 */
const listing: SlotListing = {
  bookable: true,
  reason: null as unknown as SlotListing["reason"],
  address: "12 rue des Lilas, 69003 Lyon",
  earliestDate: "2026-12-08",
  latestDate: "2026-12-09",
  days: [
    { date: "2026-12-08", slots: [{ start: "2026-12-08T08:30:00.000Z", end: "2026-12-08T10:30:00.000Z", localTime: "09:30", technicianId: "t1", technicianName: "Paul", nearbyJob: true }] },
    { date: "2026-12-09", slots: [] },
  ],
};

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim().toLowerCase();

function buttons(locale: "fr" | "en"): { name: string; visible: string }[] {
  const markup = renderToStaticMarkup(
    createElement(
      NextIntlClientProvider,
      { locale, messages: MESSAGES[locale], timeZone: "Europe/Paris" } as ComponentProps<typeof NextIntlClientProvider>,
      createElement(SlotPicker, { listing, locale, day: "2026-12-08", onDay: () => {}, selected: null, onSelect: () => {} }),
    ),
  );
  return [...markup.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].map(([, attrs, inner]) => {
    const visible = text(inner!);
    const label = /aria-label="([^"]*)"/.exec(attrs!)?.[1];
    return { name: label === undefined ? visible : label.toLowerCase(), visible };
  });
}

describe("slot picker buttons: the accessible name contains the visible label", () => {
  for (const locale of ["fr", "en"] as const) {
    it(`in ${locale}, day and time buttons alike`, () => {
      const all = buttons(locale);
      expect(all).toHaveLength(3);
      for (const { name, visible } of all) expect(name).toContain(visible);
    });
  }

  it("reads the day as it is shown, words apart (« mar. 8 déc. »), and the time first (« 9 h 30 … »)", () => {
    const [tuesday, , time] = buttons("fr");
    expect(tuesday!.name).toBe("mar. 8 déc.");
    expect(time!.name).toMatch(/^9 h 30 /);
  });
});

describe("the brand's link home (the header of every signed-in page)", () => {
  it("is named by the words it shows, then « tableau de bord » for screen readers", () => {
    const t = MESSAGES.fr.shell;
    const markup = renderToStaticMarkup(createElement(Brand, { name: TEST_COMPANY.name, portal: t.portal, href: "/", linkLabel: t.homeLink }));
    const [, attrs, raw] = /<a([^>]*)>(.*?)<\/a>/.exec(markup)!;
    const inner = raw!.replace(/<span aria-hidden="true"[^>]*>.*?<\/span>/g, "");
    const visible = text(inner.replace(/<span class="sr-only">.*?<\/span>/g, ""));
    const name = /aria-label="([^"]*)"/.exec(attrs!)?.[1]?.toLowerCase() ?? text(inner);
    expect(visible).toBe("duret électricité espace client");
    expect(name).toContain(visible);
    expect(name).toMatch(/tableau de bord$/);
  });
});
