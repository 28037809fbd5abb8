import { Suspense, type ReactNode } from "react";

/**
 * `children` as they are when their data is already there (`ready`), else streamed behind a
 * Suspense boundary with `fallback` (lib/ready.ts `resolvesWithin` decides which).
 */
export function Streamed({ ready, fallback, children }: { ready: boolean; fallback: ReactNode; children: ReactNode }) {
  return ready ? <>{children}</> : <Suspense fallback={fallback}>{children}</Suspense>;
}
