"use client";

import { useEffect, useRef, useState } from "react";
import { followLiveSource, type LiveChange, type LiveMode } from "./live-client";

export type { LiveChange, LiveMode } from "./live-client";

/**
 * The browser side of live updates: one EventSource on /api/live. `mode` is "live" once the stream
 * is subscribed (its `ready` event), "polling" while it is down (the caller's TanStack query then
 * refetches on an interval; EventSource keeps reconnecting by itself and the mode goes back to
 * "live"). `onResync` re-reads the page's data on every `ready`: what changed before the stream
 * was subscribed is never missed (lib/live/live-client.ts).
 */
export function useLiveChanges(onChange: (change: LiveChange) => void, onResync: () => void): LiveMode {
  const [mode, setMode] = useState<LiveMode>("connecting");
  const handlers = useRef({ onChange, onResync });
  useEffect(() => {
    handlers.current = { onChange, onResync };
  }, [onChange, onResync]);
  useEffect(() => {
    // Every supported browser has EventSource; without it the mode stays "connecting" (polled).
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/live");
    followLiveSource(source, {
      onChange: (change) => handlers.current.onChange(change),
      onResync: () => handlers.current.onResync(),
      onMode: setMode,
      // Load the page again, which sends the browser to sign-in and comes back here afterwards.
      onSessionEnded: () => window.location.reload(),
    });
    return () => source.close();
  }, []);
  return mode;
}

/** Poll every few seconds while the live stream is down (or not up yet). */
export const POLL_INTERVAL_MS = 5_000;
