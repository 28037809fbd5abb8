import type { ReactNode } from "react";

/** The frame of the sign-in pages: one narrow card, readable on a phone. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md">
      <section aria-labelledby="auth-titre" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <h1 id="auth-titre" className="text-2xl font-bold text-brand-900">
          {title}
        </h1>
        <div className="mt-4 space-y-4">{children}</div>
      </section>
    </div>
  );
}
