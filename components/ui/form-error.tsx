import type { ReactNode } from "react";

/**
 * A form's own error (the server refused, the network failed), announced at once (role="alert").
 * banner: a boxed message; inline: a line of text. `persistent` keeps the (empty) region in the
 * page before any error, with its room, so the announcement is reliable and nothing moves.
 */
export function FormError({ children, variant = "banner", persistent = false }: { children?: ReactNode; variant?: "banner" | "inline"; persistent?: boolean }) {
  if (!children && !persistent) return null;
  const styles =
    variant === "banner"
      ? "rounded-lg bg-red-50 p-3 text-sm font-medium text-red-900 wrap-anywhere"
      : persistent
        ? "min-h-5 text-sm font-medium text-red-800 wrap-anywhere"
        : "mt-1 text-sm text-red-800 wrap-anywhere";
  return (
    <p role="alert" className={styles}>
      {children}
    </p>
  );
}

/**
 * The outcome of a form: polite (saved, code sent) or, for an error, the FormError banner. Without
 * a message it leaves an empty status region in place, so the next one is announced.
 */
export function Notice({ tone, children }: { tone: "success" | "error" | "info"; children: ReactNode }) {
  if (!children) return <p role="status" className="sr-only" />;
  if (tone === "error") return <FormError>{children}</FormError>;
  const styles = tone === "success" ? "bg-green-50 text-green-900" : "bg-brand-50 text-brand-900";
  return (
    // wrap-anywhere: an email address in the text breaks instead of widening the page on a phone.
    <p role="status" className={`rounded-lg p-3 text-sm font-medium wrap-anywhere ${styles}`}>
      {children}
    </p>
  );
}
