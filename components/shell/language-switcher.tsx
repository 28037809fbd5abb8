import { LOCALES } from "@/lib/i18n/config";
import { setLocaleAction } from "@/lib/i18n/actions/set-locale";
import { getI18n } from "@/lib/i18n/server";

/**
 * FR / EN as a plain form posting to a server action: works before hydration and without
 * JavaScript, and the page re-renders in place in the new language. Each language is named in
 * itself (lang attribute) so a screen reader pronounces "English" in English.
 */
export async function LanguageSwitcher({ className = "" }: { className?: string }) {
  const { locale, t } = await getI18n();
  return (
    <form action={setLocaleAction} className={className}>
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="sr-only">{t("language.label")}</legend>
        <span aria-hidden="true" className="text-sm text-slate-600">
          {t("language.label")}
        </span>
        {LOCALES.map((l) => (
          <button
            key={l}
            type="submit"
            name="locale"
            value={l}
            lang={l}
            aria-pressed={l === locale}
            className="min-h-11 min-w-11 rounded-lg border border-slate-300 px-3 text-sm font-medium text-slate-800 hover:border-brand-700 hover:text-brand-700 aria-pressed:border-brand-700 aria-pressed:bg-brand-700 aria-pressed:text-white"
          >
            {t(`language.${l}`)}
          </button>
        ))}
      </fieldset>
    </form>
  );
}
