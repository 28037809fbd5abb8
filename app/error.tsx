"use client";

import { ErrorPanel } from "@/components/shell/error-panel";

/** Errors above the route groups' own boundaries (e.g. the session store down): no shell to lean on. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="contenu" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none">
      <ErrorPanel error={error} reset={reset} />
    </main>
  );
}
