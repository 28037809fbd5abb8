"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/customer-action";

/**
 * Cancel in two steps (ask, then confirm); the result is announced, then the page is drawn again
 * with `?annule=1`: a cancelled booking has no actions, so this button leaves the page and the page
 * itself keeps saying it is cancelled.
 */
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
  const pathname = usePathname();
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
          router.replace(`${pathname}?annule=1`);
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
            <Button
              variant="danger"
              size="md"
              onClick={confirm}
              disabled={pending}
              pending={pending}
              pendingLabel={t("cancelling")}
              className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
            >
              {t("cancelConfirm")}
            </Button>
            <Button variant="neutral" size="md" onClick={() => setAsking(false)}>
              {t("cancelKeep")}
            </Button>
          </div>
        </div>
      ) : (
        <Button
          variant="danger-outline"
          size="md"
          onClick={() => setAsking(true)}
          className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          {t("cancel")}
        </Button>
      )}
    </div>
  );
}
