"use client";
import { useSyncExternalStore } from "react";

/** True once React runs in the browser: forms mark themselves ready (and tests wait for it). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
}
