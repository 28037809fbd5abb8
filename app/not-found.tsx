import { NotFoundBody } from "@/components/shell/not-found-body";
import { PublicShell } from "@/components/shell/public-shell";

/**
 * notFound() outside the customer space (public pages: sign-in, manage links, survey, privacy).
 * Next renders this element into every response of the app, so it reads nothing: no session, no
 * database. Unknown addresses are matched by app/(portal)/[...inconnu] (inside the customer's shell).
 */
export default function NotFound() {
  return (
    <PublicShell>
      <NotFoundBody />
    </PublicShell>
  );
}
