"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * Re-renders the page on the server every few seconds so a new sign-in email appears on its own.
 * The person can stop it (WCAG 2.2.2) and refresh by hand.
 */
export function AutoRefresh({ intervalMs = 3_000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(true);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => startTransition(() => router.refresh()), intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs, router]);

  return (
    <div className="flex flex-wrap items-center gap-4">
      <Button size="md" onClick={() => startTransition(() => router.refresh())} aria-busy={pending}>
        Actualiser
      </Button>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} className="h-5 w-5" />
        Actualisation automatique (toutes les {Math.round(intervalMs / 1000)} s)
      </label>
    </div>
  );
}
