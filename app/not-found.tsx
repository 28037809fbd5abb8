import Link from "next/link";

export default function NotFound() {
  return (
    <section aria-labelledby="introuvable-titre" className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 id="introuvable-titre" className="text-xl font-semibold">
        Page introuvable
      </h1>
      <p className="mt-2 text-slate-700">Cette page n&apos;existe pas ou a été déplacée.</p>
      <Link href="/" className="mt-4 inline-block font-semibold text-brand-700 underline underline-offset-4">
        Retour à l&apos;accueil
      </Link>
    </section>
  );
}
