import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "@/components/i18n-provider";
import { EnRouteCall } from "@/components/interventions/intervention-detail";
import { TEST_COMPANY as COMPANY } from "../support/company";
import { MESSAGES } from "@/lib/i18n/messages";

/** The tracking page's « Appeler » while the technician is on the way: the company's number only. */
const render = (stage: string, locale: "fr" | "en" = "fr", phone: ComponentProps<typeof EnRouteCall>["phone"] = COMPANY.phone) =>
  renderToStaticMarkup(createElement(I18nProvider, { locale, messages: { tracking: MESSAGES[locale].tracking } } as ComponentProps<typeof I18nProvider>, createElement(EnRouteCall, { stage, phone })));

describe("en route: call", () => {
  it("offers « Appeler » as a tel: link to the company's switchboard when the technician is on the way", () => {
    const html = render("en_route");
    expect(html).toMatch(new RegExp(`<a href="tel:\\${COMPANY.phone.e164}"[^>]*>Appeler</a>`));
    expect(html).toContain(COMPANY.phone.display);
    // One number on the page, the company's: no other tel: link (never a technician's own phone).
    expect(html.match(/href="tel:/g)).toHaveLength(1);
  });

  it("reads « Call » in English", () => {
    expect(render("en_route", "en")).toMatch(/<a href="tel:[^"]+"[^>]*>Call<\/a>/);
  });

  it("is absent while the company's phone is not entered in the console (no made-up number)", () => {
    expect(render("en_route", "fr", null)).toBe("");
  });

  it("is absent at the other stages", () => {
    for (const stage of ["scheduled", "on_site", "done", "unknown"]) expect(render(stage)).toBe("");
  });
});
