"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect } from "react";
import { POLL_INTERVAL_MS, useLiveChanges } from "./use-live";

/** For server-rendered lists: re-render on any live change of this customer and on each stream opening, or poll while the stream is down. */
export function LiveRefresh() {
  const router = useRouter();
  const refresh = useCallback(() => router.refresh(), [router]);
  // A change, or the stream (re)opening: what changed before it listened is read too.
  const mode = useLiveChanges(refresh, refresh);
  useEffect(() => {
    if (mode !== "polling") return;
    const timer = setInterval(() => router.refresh(), POLL_INTERVAL_MS * 2);
    return () => clearInterval(timer);
  }, [mode, router]);
  return null;
}
