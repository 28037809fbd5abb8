"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { useErrorMessages } from "./error-messages";

/**
 * Friendly, retryable error. Never shows error.message or a stack (they may hold internals); the
 * digest lets support find the server log line. Focus moves to the heading so keyboard and
 * screen-reader users learn at once that the page failed.
 */
export function ErrorPanel({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useErrorMessages();
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    // The browser's console (support asks for the reference); the server logged the error itself.
    // eslint-disable-next-line no-console
    if (error.digest) console.error(`Server error (reference ${error.digest})`);
  }, [error.digest]);

  return (
    <section aria-labelledby="erreur-titre" role="alert" className="mx-auto max-w-xl rounded-xl border border-red-200 bg-white p-6 shadow-sm">
      <h1 id="erreur-titre" ref={heading} tabIndex={-1} className="text-xl font-semibold text-slate-900 focus:outline-none">
        {t.title}
      </h1>
      <p className="mt-2 text-slate-700">{t.body}</p>
      {error.digest ? <p className="mt-2 text-sm text-slate-600">{t.reference.replace("{digest}", error.digest)}</p> : null}
      <Button
        size="md"
        onClick={() =>
          // reset() alone re-renders the same failed server payload: fetch the page again first.
          startTransition(() => {
            router.refresh();
            reset();
          })
        }
        className="mt-4"
      >
        {t.retry}
      </Button>
    </section>
  );
}
