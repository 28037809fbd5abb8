import { Button } from "@/components/ui/button";
import { LOCALES } from "@/lib/i18n/config";
import { setLocaleAction } from "@/lib/i18n/actions/set-locale";
import { getI18n } from "@/lib/auth/locale";

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
          <Button key={l} type="submit" variant="toggle" size="compact" name="locale" value={l} lang={l} aria-pressed={l === locale}>
            {t(`language.${l}`)}
          </Button>
        ))}
      </fieldset>
    </form>
  );
}
