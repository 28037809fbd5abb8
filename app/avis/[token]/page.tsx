import type { Metadata } from "next";
import { I18nProvider } from "@/components/i18n-provider";
import { PublicShell } from "@/components/shell/public-shell";
import { SurveyForm } from "@/components/surveys/survey-form";
import { publicReviewUrl, surveyBackHref } from "@/lib/surveys/review";
import { SurveyRefusal } from "@/components/surveys/survey-refusal";
import { getCustomerSession } from "@/lib/auth/session";
import { MESSAGES } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { openSurvey } from "@/lib/surveys/submit-survey";
import { submitSurveyAction } from "@/lib/surveys/actions/submit-survey";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("survey.title"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/** The satisfaction survey, without sign-in: the personal signed link is the credential. */
export default async function SurveyPage({ params }: { params: Promise<{ token: string }> }) {
  const { token: raw } = await params;
  let token = raw;
  try {
    token = decodeURIComponent(raw);
  } catch {
    // A malformed escape is just an invalid link (openSurvey says so).
  }
  const session = await getCustomerSession().catch(() => null);
  const state = await openSurvey(token, session?.contactId ?? null);
  const { locale, t, format } = await getI18n();
  const m = MESSAGES[locale];
  return (
    <PublicShell>
      <div className="mx-auto max-w-2xl space-y-4">
        <h1 className="text-2xl font-bold text-brand-900">{t("survey.title")}</h1>
        {state.status === "open" ? (
          <>
            <p className="text-slate-800">
              {t("survey.intro", { subject: state.intervention.subject, date: state.intervention.start ? format.calendarDate(state.intervention.start.slice(0, 10)) : "—" })}
            </p>
            <I18nProvider locale={locale} messages={{ errors: m.errors, survey: m.survey }}>
              <SurveyForm token={token} action={submitSurveyAction} reviewUrl={await publicReviewUrl()} backHref={surveyBackHref(session !== null)} />
            </I18nProvider>
          </>
        ) : (
          <SurveyRefusal status={state.status} t={t} />
        )}
      </div>
    </PublicShell>
  );
}
