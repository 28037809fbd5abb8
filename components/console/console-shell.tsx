import Link from "next/link";
import type { ReactNode } from "react";
import { staffSignOutAction, staffSignOutEverywhereAction } from "@/lib/staff/actions/sign-out";
import type { StaffSession } from "@/lib/staff/roles";

const SETTINGS = [
  ["prestations", "Prestations"],
  ["techniciens", "Techniciens"],
  ["fermetures", "Fermetures"],
  ["regles", "Règles"],
  ["zone", "Zone"],
  ["entreprise", "Entreprise"],
] as const;

const link = "block rounded px-2 py-1 text-slate-800 underline-offset-2 hover:bg-slate-100 hover:underline focus-visible:outline-2 focus-visible:outline-brand-700";

/** The console's frame: its own header and navigation (not the customers'), the member and sign-out. */
export function ConsoleShell({ staff, children }: { staff: StaffSession; children: ReactNode }) {
  return (
    <div lang="fr" className="min-h-screen bg-slate-50">
      <a href="#console-contenu" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2">
        Aller au contenu
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/console" className="text-lg font-bold text-brand-900">
            Console Duret
          </Link>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <span className="text-slate-700">
              {staff.name} · {staff.role === "admin" ? "administrateur" : "bureau"}
            </span>
            <form action={staffSignOutAction}>
              <button type="submit" className="font-semibold text-brand-700 underline underline-offset-2">
                Se déconnecter
              </button>
            </form>
            <form action={staffSignOutEverywhereAction}>
              <button type="submit" className="text-slate-700 underline underline-offset-2">
                Se déconnecter partout
              </button>
            </form>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 md:flex-row">
        <nav aria-label="Console" className="md:w-56 md:shrink-0">
          <ul className="space-y-1">
            <li>
              <Link href="/console" className={link}>
                Accueil
              </Link>
            </li>
            <li>
              <span className="block px-2 pt-2 text-xs font-semibold uppercase text-slate-600">Réglages</span>
              <ul className="ml-2">
                {SETTINGS.map(([slug, label]) => (
                  <li key={slug}>
                    <Link href={`/console/reglages/${slug}`} className={link}>
                      {label}
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
            <li>
              <Link href="/console/livraisons" className={link}>
                Livraisons
              </Link>
            </li>
            <li>
              <Link href="/console/equipe" className={link}>
                Équipe
              </Link>
            </li>
            <li>
              <Link href="/console/journal" className={link}>
                Journal
              </Link>
            </li>
          </ul>
        </nav>
        <main id="console-contenu" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
