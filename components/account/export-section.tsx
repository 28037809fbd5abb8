"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { exportStatusAction, requestExportAction } from "@/lib/account/actions/export-data";
import type { ExportStatus } from "@/lib/account/export-data";
import { Notice, PrimaryButton } from "./field";

function size(bytes: number | null, locale: string): string {
  if (!bytes) return "—";
  const mb = bytes / (1024 * 1024);
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return mb >= 1 ? `${n.format(mb)} Mo` : `${n.format(Math.max(1, Math.round(bytes / 1024)))} Ko`;
}

/**
 * "Télécharger mes données": asks the worker for an archive, shows its progress (polled every
 * 1.5 s, announced politely), then the download link.
 */
export function ExportSection({ initial, locale }: { initial: ExportStatus | null; locale: "fr" | "en" }) {
  const t = useTranslations("account");
  const [status, setStatus] = useState<ExportStatus | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const active = status?.status === "queued" || status?.status === "running";

  useEffect(() => {
    if (!active || !status) return;
    const id = status.id;
    const timer = setInterval(async () => {
      const r = await exportStatusAction({ id });
      if (r.ok) setStatus(r.data);
    }, 1500);
    return () => clearInterval(timer);
  }, [active, status]);

  const dateFormat = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Paris" });
  return (
    <div className="space-y-3">
      {status?.status === "ready" ? (
        <div className="space-y-3">
          <Notice tone="success">{t("exportReady", { size: size(status.sizeBytes, locale), date: status.expiresAt ? dateFormat.format(new Date(status.expiresAt)) : "—" })}</Notice>
          <a
            href={`/compte/export/${status.id}`}
            download
            className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900"
          >
            {t("exportDownload")}
          </a>
        </div>
      ) : null}
      {active && status ? (
        <div className="space-y-2">
          <p role="status" aria-live="polite" className="text-slate-800">
            {status.status === "queued" ? t("exportQueued") : t("exportRunning", { progress: status.progress })}
          </p>
          <progress
            aria-label={t("export")}
            max={100}
            value={status.progress}
            className="h-3 w-full overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-brand-700 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-700"
          />
          <p className="text-sm text-slate-600">{t("exportEmail")}</p>
        </div>
      ) : null}
      {status?.status === "failed" ? <Notice tone="error">{t("exportFailed")}</Notice> : null}
      {status?.status === "expired" ? <Notice tone="info">{t("exportExpired")}</Notice> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {active ? null : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            const r = await requestExportAction({});
            setBusy(false);
            if (r.ok) setStatus(r.data);
            else setError(r.error);
          }}
        >
          <PrimaryButton pending={busy} pendingLabel={t("exportQueued")}>
            {status?.status === "ready" ? t("exportAgain") : t("export")}
          </PrimaryButton>
        </form>
      )}
    </div>
  );
}
