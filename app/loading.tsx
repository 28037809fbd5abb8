import { getI18n } from "@/lib/i18n/server";

/**
 * Shown only while a route group's layout decides (the session check, a few milliseconds); each
 * group then shows its own skeleton inside its real shell. Quiet on purpose: no layout to jump.
 */
export default async function Loading() {
  const { t } = await getI18n();
  return (
    <main id="contenu" tabIndex={-1} className="flex flex-1 items-center justify-center p-8 focus:outline-none">
      <p role="status" className="text-sm text-slate-600">
        {t("shell.loading")}
      </p>
    </main>
  );
}
