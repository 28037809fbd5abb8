"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/** A navigation that has not finished after this long is given up on (an error page, say). */
const GIVE_UP_MS = 20_000;

function internalTarget(event: MouseEvent): URL | null {
  // Next's <Link> prevents the default to navigate on the client: listen in the capture phase and
  // judge the anchor itself, not defaultPrevented.
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = (event.target as Element | null)?.closest?.("a[href]");
  if (!(anchor instanceof HTMLAnchorElement)) return null;
  if (anchor.target && anchor.target !== "_self") return null;
  if (anchor.hasAttribute("download")) return null;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  // Same page (an anchor within it): nothing to wait for.
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  // Files and API routes download rather than navigate.
  if (url.pathname.startsWith("/api/")) return null;
  return url;
}

/**
 * Progress for page changes inside the portal. Detail pages answer a real 404 for someone else's
 * id, so they have no loading boundary above them and the previous page would otherwise stay on
 * screen, silent, while the next one loads: a bar at the top and a polite status message say
 * that something is happening. Ends when the location changes (or after GIVE_UP_MS).
 */
/** `label`: the status message, translated by the server shell (client messages carry only "errors"). */
export function NavigationProgress({ label }: { label: string }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const location = `${pathname}?${searchParams.toString()}`;
  // The location a navigation started from: pending while we are still there.
  const [startedFrom, setStartedFrom] = useState<string | null>(null);
  const pending = startedFrom !== null && startedFrom === location;

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (internalTarget(event)) setStartedFrom(`${window.location.pathname}?${new URLSearchParams(window.location.search).toString()}`);
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);

  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(() => setStartedFrom(null), GIVE_UP_MS);
    return () => window.clearTimeout(timer);
  }, [pending]);

  return (
    <>
      <div
        aria-hidden="true"
        data-testid="navigation-progress"
        data-pending={pending ? "true" : "false"}
        className={`pointer-events-none fixed inset-x-0 top-0 z-50 h-1 origin-left bg-brand-700 transition-opacity duration-200 ${pending ? "animate-pulse opacity-100 motion-reduce:animate-none" : "opacity-0"}`}
      />
      <p role="status" className="sr-only">
        {pending ? label : ""}
      </p>
    </>
  );
}
