import { connection } from "next/server";

/**
 * The bare page of the load bench (bench/load.ts): rendered at request time, as every portal page is
 * (their nonce CSP and session make them dynamic), with no data.
 */
export default async function BarePage() {
  await connection();
  return (
    <main id="contenu">
      <h1>Bonjour</h1>
    </main>
  );
}
