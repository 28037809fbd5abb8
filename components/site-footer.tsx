export function SiteFooter() {
  return (
    <footer className="mt-12 border-t border-slate-200 bg-white">
      <div className="mx-auto max-w-5xl px-4 py-6 text-sm text-slate-600">
        <p>Duret Électricité — dépannage, mise aux normes et installations électriques.</p>
      </div>
    </footer>
  );
}
