import { notFound } from "next/navigation";

/**
 * Any address no route matches (the most specific routes always win over this catch-all): a
 * signed-in customer gets the not-found panel inside their shell (app/(portal)/not-found.tsx) with
 * HTTP 404; a signed-out visitor has already been sent to sign-in by proxy.ts.
 */
export default function UnknownPage(): never {
  notFound();
}
