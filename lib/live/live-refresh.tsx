"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { POLL_INTERVAL_MS, useLiveChanges } from "./use-live";

/** For server-rendered lists: re-render on any live change of this customer, or poll while the stream is down. */
export function LiveRefresh() {
  const router = useRouter();
  const mode = useLiveChanges(() => router.refresh());
  useEffect(() => {
    if (mode !== "polling") return;
    const timer = setInterval(() => router.refresh(), POLL_INTERVAL_MS * 2);
    return () => clearInterval(timer);
  }, [mode, router]);
  return null;
}
