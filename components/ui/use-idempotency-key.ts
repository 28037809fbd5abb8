"use client";
import { useCallback, useRef } from "react";

/**
 * The idempotency key of a creating form (lib/model/idempotency.ts): minted when the form opens
 * and sent with every try of the same submission, so a retry after a lost reply (the server
 * committed, the answer never came) creates nothing twice. `renew()` once the server has answered
 * for this key (created, or refused in a way that spends it): the next submission is a new request.
 */
export function useIdempotencyKey(): { current: () => string; renew: () => void } {
  const key = useRef<string | null>(null);
  const current = useCallback(() => (key.current ??= crypto.randomUUID()), []);
  const renew = useCallback(() => {
    key.current = crypto.randomUUID();
  }, []);
  return { current, renew };
}
