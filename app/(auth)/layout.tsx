import type { ReactNode } from "react";
import { PublicShell } from "@/components/shell/public-shell";

// Sign-in pages share the public frame (header, <main id="contenu"> for the skip link, footer).
// Their texts are French only for now, so the content says so to assistive technologies even
// when the shell around it is in English.
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <PublicShell>
      <div lang="fr">{children}</div>
    </PublicShell>
  );
}
