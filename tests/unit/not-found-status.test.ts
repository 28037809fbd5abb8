import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A detail page that calls notFound() for a foreign or unknown id answers HTTP 404 only if it
 * throws before the first byte is sent: a `loading.tsx` in the page's directory or any directory
 * above it (route groups included) wraps the page in a Suspense boundary, the shell streams with
 * status 200, and the not-found page then arrives inside a 200 response. These pages must keep
 * their skeletons inside the page, after the ownership check.
 *
 * Only the route tree is checked here (which files exist, never what they say): the behaviour
 * itself — 404 with the French not-found page for the detail pages, an unknown address inside the
 * customer's shell, JSON for the API, the lists answering 200 — is asserted against the running
 * portal by tests/e2e/not-found-status.spec.ts.
 */
const APP = path.join(process.cwd(), "app");
const DETAIL_PAGES = [
  "(portal)/rendez-vous/[bookingId]",
  "(portal)/rendez-vous/[bookingId]/deplacer",
  "(portal)/interventions/[id]",
  "(portal)/messages/[id]",
  "(portal)/documents/devis/[id]",
  "(portal)/documents/factures/[id]",
];

function loadingAbove(routeDir: string): string[] {
  const found: string[] = [];
  let dir = path.join(APP, routeDir);
  for (;;) {
    if (existsSync(path.join(dir, "loading.tsx")) || existsSync(path.join(dir, "loading.js"))) found.push(path.relative(APP, dir) || ".");
    if (dir === APP) return found;
    dir = path.dirname(dir);
  }
}

describe("detail pages answer 404 for a foreign or unknown id (no streaming boundary above them)", () => {
  for (const page of DETAIL_PAGES) {
    it(page, () => {
      expect(existsSync(path.join(APP, page, "page.tsx"))).toBe(true);
      expect(loadingAbove(page)).toEqual([]);
    });
  }
  it("the list and home pages keep their skeletons inside the page (drawn only while their data is not in memory), the booking page too", () => {
    // No loading.tsx: a boundary whose skeleton is rendered and then replaced cost ≈ 15 % of a warm
    // page view (bench/load.ts); the page waits READY_WITHIN_MS for its data and streams only when cold.
    for (const page of ["(accueil)", "rendez-vous/(liste)", "interventions/(liste)", "messages/(liste)", "documents/(liste)"]) {
      expect(existsSync(path.join(APP, `(portal)/${page}/page.tsx`)), page).toBe(true);
      expect(loadingAbove(`(portal)/${page}`), page).toEqual([]);
    }
    // The booking page has nothing slow before its slots: they stream behind their own skeleton inside
    // the page, and the service list is in the first HTML (no loading.tsx: Lighthouse LCP).
    expect(existsSync(path.join(APP, "(portal)/rendez-vous/nouveau/page.tsx"))).toBe(true);
    expect(loadingAbove("(portal)/rendez-vous/nouveau")).toEqual([]);
  });
  it("the customer space has its own not-found element, and catch-alls for unknown pages and API addresses", () => {
    // Without (portal)/not-found.tsx the root one would be used inside the portal (Next renders a
    // segment's not-found element into every response of the segment).
    expect(existsSync(path.join(APP, "not-found.tsx"))).toBe(true);
    expect(existsSync(path.join(APP, "(portal)/not-found.tsx"))).toBe(true);
    expect(existsSync(path.join(APP, "(portal)/[...inconnu]/page.tsx"))).toBe(true);
    expect(existsSync(path.join(APP, "api/[...inconnu]/route.ts"))).toBe(true);
  });
});
