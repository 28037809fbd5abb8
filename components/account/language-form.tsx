import { saveLanguageFormAction } from "@/lib/account/actions/save-language";
import { LOCALES } from "@/lib/i18n/config";
import { getI18n } from "@/lib/i18n/server";

/**
 * FR / EN saved on the customer record (and this browser). A plain form posting to a server
 * action, like the header's switcher: works before JavaScript, each language named in itself.
 */
export async function LanguageForm({ saved }: { saved: "fr" | "en" }) {
  const { locale, t } = await getI18n();
  return (
    <form action={saveLanguageFormAction}>
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="sr-only">{t("account.language")}</legend>
        {LOCALES.map((l) => (
          <button
            key={l}
            type="submit"
            name="language"
            value={l}
            lang={l}
            aria-pressed={l === locale}
            className="min-h-11 min-w-11 rounded-lg border border-slate-300 px-4 text-sm font-medium text-slate-800 hover:border-brand-700 hover:text-brand-700 aria-pressed:border-brand-700 aria-pressed:bg-brand-700 aria-pressed:text-white"
          >
            {t(`language.${l}`)}
          </button>
        ))}
      </fieldset>
      {saved !== locale ? null : <p className="sr-only">{t("account.languageSaved")}</p>}
    </form>
  );
}
