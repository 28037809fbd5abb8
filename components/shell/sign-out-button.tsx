import { signOutAction } from "@/lib/auth/actions";
import { Icon } from "./icons";

/** A form, not a link: signing out changes state, so it is a POST (and works without JavaScript). */
export function SignOutButton({ label, compact = false }: { label: string; compact?: boolean }) {
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        className="inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-lg px-3 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-brand-900"
      >
        <Icon name="logout" />
        <span className={compact ? "sr-only sm:not-sr-only" : undefined}>{label}</span>
      </button>
    </form>
  );
}
