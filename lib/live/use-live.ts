"use client";

import { useEffect, useRef, useState } from "react";

/**
 * The browser side of live updates: one EventSource on /api/live. `mode` is "live" while the stream
 * is open, "polling" while it is down (the caller's TanStack query then refetches on an interval;
 * EventSource keeps reconnecting by itself and the mode goes back to "live").
 */
export type LiveMode = "connecting" | "live" | "polling";
export interface LiveChange {
  topic: "ticket" | "message";
  id: string;
  at: number;
}

export function useLiveChanges(onChange: (change: LiveChange) => void): LiveMode {
  const [mode, setMode] = useState<LiveMode>("connecting");
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  }, [onChange]);
  useEffect(() => {
    // Every supported browser has EventSource; without it the mode stays "connecting" (polled).
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/live");
    source.addEventListener("ready", () => setMode("live"));
    source.addEventListener("open", () => setMode("live"));
    source.addEventListener("change", (event) => {
      try {
        handler.current(JSON.parse((event as MessageEvent<string>).data) as LiveChange);
      } catch {
        // ignore a malformed event
      }
    });
    // The session is over (expired, signed out everywhere, account erased): stop reconnecting and
    // load the page again, which sends the browser to sign-in and comes back here afterwards.
    // (The name is SESSION_ENDED_EVENT of lib/live/stream.ts, server-only.)
    source.addEventListener("session-ended", () => {
      source.close();
      window.location.reload();
    });
    source.addEventListener("error", () => setMode("polling"));
    return () => source.close();
  }, []);
  return mode;
}

/** Poll every few seconds while the live stream is down (or not up yet). */
export const POLL_INTERVAL_MS = 5_000;
