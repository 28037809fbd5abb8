"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button, buttonClasses } from "@/components/ui/button";
import { Notice } from "@/components/ui/form-error";
import { exportStatusAction, requestExportAction } from "@/lib/account/actions/export-data";
import type { ExportStatus } from "@/lib/account/export-data";
import { createFormat } from "@/lib/i18n/format";


/**
 * "Télécharger mes données": asks the worker for an archive, shows its progress (polled every
 * 1.5 s, announced politely), then the download link.
 */
export function ExportSection({ initial, locale }: { initial: ExportStatus | null; locale: "fr" | "en" }) {
  const t = useTranslations("account");
  const [status, setStatus] = useState<ExportStatus | null>(initial);
  // No field to fill: the form is the request (its action takes `{}`); react-hook-form for the pending state and the error.
  const {
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm();
  const error = errors.root?.server?.message;
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
          <Notice tone="success">{t("exportReady", { size: createFormat(locale).fileSize(status.sizeBytes), date: status.expiresAt ? dateFormat.format(new Date(status.expiresAt)) : "—" })}</Notice>
          <a
            href={`/compte/export/${status.id}`}
            download
            className={buttonClasses()}
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
          onSubmit={handleSubmit(async () => {
            const r = await requestExportAction({});
            if (r.ok) setStatus(r.data);
            else setError("root.server", { message: r.error });
          })}
        >
          <Button type="submit" pending={isSubmitting} pendingLabel={t("exportQueued")}>
            {status?.status === "ready" ? t("exportAgain") : t("export")}
          </Button>
        </form>
      )}
    </div>
  );
}
