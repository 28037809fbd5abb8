"use client";
import { useCallback, useRef, useState } from "react";

/**
 * One request at a time for a form: a double click (or Enter pressed twice) runs `task` once. The
 * guard is a ref, not state: the second click of a double click comes before React re-renders with
 * the button pending, and react-hook-form's handleSubmit does not refuse a second submit itself.
 */
export function useSingleFlight(): { busy: boolean; run: (task: () => Promise<void>) => Promise<void> } {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (task: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await task();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
