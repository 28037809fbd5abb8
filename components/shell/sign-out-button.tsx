import { Button } from "@/components/ui/button";
import { signOutAction } from "@/lib/auth/actions/sign-out";
import { Icon } from "./icons";

/** A form, not a link: signing out changes state, so it is a POST (and works without JavaScript). */
export function SignOutButton({ label, compact = false }: { label: string; compact?: boolean }) {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant="ghost" size="compact">
        <Icon name="logout" />
        <span className={compact ? "sr-only sm:not-sr-only" : undefined}>{label}</span>
      </Button>
    </form>
  );
}
