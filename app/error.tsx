"use client";

import { useEffect } from "react";

/** Friendly, retryable error page. Never shows error.message or a stack (they may hold internals). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // The digest lets support match the server log line; the message stays on the server.
    if (error.digest) console.error(`Erreur serveur (référence ${error.digest})`);
  }, [error.digest]);

  return (
    <section aria-labelledby="erreur-titre" className="mx-auto max-w-xl rounded-xl border border-red-200 bg-white p-6 shadow-sm">
      <h1 id="erreur-titre" className="text-xl font-semibold text-slate-900">
        Le service est momentanément indisponible
      </h1>
      <p className="mt-2 text-slate-700">
        Nous n&apos;avons pas pu charger vos informations. Merci de réessayer dans quelques instants.
      </p>
      {error.digest ? <p className="mt-2 text-sm text-slate-600">Référence : {error.digest}</p> : null}
      <button
        type="button"
        onClick={() => reset()}
        className="mt-4 rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900"
      >
        Réessayer
      </button>
    </section>
  );
}
