import type { Metadata } from "next";

export const metadata: Metadata = { title: "Hello" };

/**
 * The bare page of the load benchmark (bench/load.ts): the same build, root layout, proxy and
 * headers as every page, but no session and no data. Signed-in pages are measured against it.
 */
export default function HelloPage() {
  return (
    <main id="contenu" className="mx-auto max-w-xl p-6">
      <h1 className="text-xl font-semibold">Bonjour</h1>
    </main>
  );
}
