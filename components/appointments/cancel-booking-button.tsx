"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/customer-action";

/** Cancel in two steps (ask, then confirm); the result is announced and the page refreshed. */
export function CancelBookingButton({
  bookingId,
  token,
  action,
}: {
  bookingId: string;
  token?: string;
  action: (input: { bookingId: string; token?: string }) => Promise<ActionResult<unknown>>;
}) {
  const t = useTranslations("booking");
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();

  function confirm() {
    start(async () => {
      try {
        const result = await action({ bookingId, ...(token ? { token } : {}) });
        if (result.ok) {
          setMessage({ ok: true, text: t("cancelled") });
          setAsking(false);
          router.refresh();
        } else setMessage({ ok: false, text: result.error });
      } catch {
        setMessage({ ok: false, text: t("genericError") });
      }
    });
  }

  return (
    <div className="space-y-3">
      <div aria-live="polite" role="status">
        {message ? <p className={`rounded-lg p-3 text-sm font-medium ${message.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-800"}`}>{message.text}</p> : null}
      </div>
      {message?.ok ? null : asking ? (
        <div className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-3">
          <p className="font-medium text-red-900">{t("cancelConfirmQuestion")}</p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              onClick={confirm}
              disabled={pending}
              className="inline-flex min-h-11 items-center rounded-lg bg-red-700 px-4 font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:opacity-60"
            >
              {pending ? t("cancelling") : t("cancelConfirm")}
            </button>
            <button
              type="button"
              onClick={() => setAsking(false)}
              className="inline-flex min-h-11 items-center rounded-lg border border-slate-400 bg-white px-4 font-semibold text-slate-900"
            >
              {t("cancelKeep")}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          onClick={() => setAsking(true)}
          className="inline-flex min-h-11 items-center rounded-lg border border-red-700 bg-white px-4 font-semibold text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          {t("cancel")}
        </button>
      )}
    </div>
  );
}
