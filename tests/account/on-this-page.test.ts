import { readFileSync } from "node:fs";
import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ACCOUNT_SECTIONS, OnThisPage } from "@/components/account/account-view";
import { Card } from "@/components/ui/card";
import { i18nFor } from "@/lib/i18n/server";

/** The long account page opens with « Sur cette page »: one link per section, to its heading. */
function render(locale: "fr" | "en") {
  const { t } = i18nFor(locale);
  const sections = ACCOUNT_SECTIONS.map(([id, key]) => ({ id, title: t(key) }));
  const nav = renderToStaticMarkup(createElement(OnThisPage, { label: t("account.onThisPage"), sections }));
  const cards = sections.map((s) => renderToStaticMarkup(createElement(Card, { id: s.id, title: s.title } as ComponentProps<typeof Card>, "…"))).join("");
  return { nav, cards };
}

describe("account page table of contents", () => {
  it("is a nav named « Sur cette page » whose links reach each section's heading, with its words", () => {
    const { nav, cards } = render("fr");
    expect(nav).toMatch(/^<nav aria-label="Sur cette page"/);
    const links = [...nav.matchAll(/<a href="#([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    const headings = [...cards.matchAll(/<h2 id="([^"]+)"[^>]*>([^<]+)<\/h2>/g)].map((m) => [m[1], m[2]]);
    expect(links).toHaveLength(8);
    expect(links).toEqual(headings);
    expect(links[0]).toEqual(["coordonnees-titre", "Vos coordonnées"]);
  });

  it("lists every card of the page, in its order, and comes before the first one", () => {
    const source = readFileSync("components/account/account-view.tsx", "utf8");
    const view = source.slice(source.indexOf("export function AccountView"));
    expect([...view.matchAll(/<Card id="([^"]+)"/g)].map((m) => m[1])).toEqual(ACCOUNT_SECTIONS.map(([id]) => id));
    expect(view.indexOf("<OnThisPage")).toBeLessThan(view.indexOf("<Card"));
  });

  it("reads « On this page » in English", () => {
    expect(render("en").nav).toMatch(/^<nav aria-label="On this page"/);
  });
});
