/** The portal's header for now; the sign-in issue adds navigation and the account menu. */
export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3">
        <span aria-hidden="true" className="flex h-9 w-9 items-center justify-center rounded-lg bg-brand-700 text-lg font-bold text-volt-400">
          ⚡
        </span>
        <p className="leading-tight">
          <span className="block font-semibold text-brand-900">Duret Électricité</span>
          <span className="block text-sm text-slate-600">Espace client</span>
        </p>
      </div>
    </header>
  );
}
