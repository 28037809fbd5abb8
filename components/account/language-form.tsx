import { Button } from "@/components/ui/button";
import { saveLanguageFormAction } from "@/lib/account/actions/save-language";
import { LOCALES } from "@/lib/i18n/config";
import { getI18n } from "@/lib/auth/locale";

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
          <Button key={l} type="submit" variant="toggle" name="language" value={l} lang={l} aria-pressed={l === locale}>
            {t(`language.${l}`)}
          </Button>
        ))}
      </fieldset>
      {saved !== locale ? null : <p className="sr-only">{t("account.languageSaved")}</p>}
    </form>
  );
}
