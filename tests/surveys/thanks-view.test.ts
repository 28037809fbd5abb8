import { createElement, type ComponentProps, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "@/components/i18n-provider";
import { SurveyForm, SurveyThanks } from "@/components/surveys/survey-form";
import { MESSAGES } from "@/lib/i18n/messages";
import { i18nFor } from "@/lib/i18n/server";
import { surveyBackHref } from "@/lib/surveys/review";

/** The survey's thank-you state as the customer meets it: a way back, no « Cela prend une minute ». */
const inFrench = (element: ReactElement) =>
  renderToStaticMarkup(createElement(I18nProvider, { locale: "fr", messages: { survey: MESSAGES.fr.survey, errors: MESSAGES.fr.errors } } as ComponentProps<typeof I18nProvider>, element));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

describe("survey thank-you", () => {
  it("offers « Retour à mon espace » to the portal for a signed-in customer", () => {
    const html = inFrench(createElement(SurveyThanks, { lowScore: false, reviewUrl: null, backHref: surveyBackHref(true) }));
    expect(html).toMatch(/<a href="\/"[^>]*>Retour à mon espace<\/a>/);
    expect(text(html)).toContain("Merci pour votre avis");
  });

  it("sends a visitor without session to sign-in", () => {
    expect(surveyBackHref(false)).toBe("/connexion");
    const html = inFrench(createElement(SurveyThanks, { lowScore: true, reviewUrl: "https://example.test/avis", backHref: surveyBackHref(false) }));
    expect(html).toMatch(/<a href="\/connexion"[^>]*>Retour à mon espace<\/a>/);
  });

  it("no longer says « Cela prend une minute » once answered, but the form still does", () => {
    const thanks = text(inFrench(createElement(SurveyThanks, { lowScore: false, reviewUrl: null, backHref: "/" })));
    expect(thanks).not.toContain("minute");
    // The page's intro stays above both states: it must not carry the duration either.
    expect(i18nFor("fr").t("survey.intro", { subject: "Tableau", date: "7 décembre" })).not.toContain("minute");
    const form = text(inFrench(createElement(SurveyForm, { token: "t", action: async () => ({ status: "error" as const }), reviewUrl: null, backHref: "/" })));
    expect(form).toContain("Cela prend une minute.");
  });
});
