import type { ComponentPropsWithRef, MouseEvent, ReactNode } from "react";

/**
 * The portal's buttons, one place for their look. No "use client" and no hook: server components
 * render it in their plain no-JavaScript forms (language, sign-out), client forms pass handlers.
 *
 * - primary: the brand call to action; secondary: brand outline; danger / danger-outline: red,
 *   for what cannot be undone; neutral: grey outline (clear, keep); ghost: header icon + label;
 *   toggle: a pressed/unpressed choice (aria-pressed); link: looks like a link, acts as a button.
 * - sizes: sm (text-sm, the default), md (body text), lg (wider), compact (narrower), xs (dense
 *   tables, below the 44 px target: staff tools only), inline (link-like, no padding).
 */
export type ButtonVariant = "primary" | "secondary" | "danger" | "danger-outline" | "neutral" | "ghost" | "toggle" | "link";
export type ButtonSize = "sm" | "md" | "lg" | "compact" | "xs" | "inline";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "rounded-lg bg-brand-700 font-semibold text-white hover:bg-brand-900",
  secondary: "rounded-lg border border-brand-700 bg-white font-semibold text-brand-700 hover:bg-brand-50",
  danger: "rounded-lg bg-red-700 font-semibold text-white hover:bg-red-800",
  "danger-outline": "rounded-lg border border-red-700 bg-white font-semibold text-red-700 hover:bg-red-50",
  neutral: "rounded-lg border border-slate-400 bg-white font-semibold text-slate-800 hover:bg-slate-50",
  ghost: "min-w-11 gap-2 rounded-lg font-medium text-slate-700 hover:bg-slate-100 hover:text-brand-900",
  toggle:
    "min-w-11 rounded-lg border border-slate-300 font-medium text-slate-800 hover:border-brand-700 hover:text-brand-700 aria-pressed:border-brand-700 aria-pressed:bg-brand-700 aria-pressed:text-white",
  link: "font-semibold text-brand-700 underline underline-offset-2",
};

const SIZES: Record<ButtonSize, string> = {
  sm: "min-h-11 px-4 text-sm",
  md: "min-h-11 px-4",
  lg: "min-h-11 px-5",
  compact: "min-h-11 px-3 text-sm",
  xs: "px-3 py-1",
  inline: "min-h-11 text-sm",
};

/** The classes of a button, for a link that must look like one (a download, a call to action). */
export function buttonClasses({ variant = "primary", size = "sm", className = "" }: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return ["inline-flex items-center justify-center", VARIANTS[variant], SIZES[size], className].filter(Boolean).join(" ");
}

export type ButtonProps = ComponentPropsWithRef<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * A request is running: aria-busy, the pending label if any, and clicks are ignored. The button
   * stays focusable (aria-disabled, not disabled) so focus is not lost mid-submit; pass `disabled`
   * as well where the button must be inert.
   */
  pending?: boolean;
  pendingLabel?: ReactNode;
};

export function Button({
  variant,
  size,
  pending = false,
  pendingLabel,
  className,
  type = "button",
  disabled,
  onClick,
  children,
  "aria-disabled": ariaDisabled,
  "aria-busy": ariaBusy,
  ...props
}: ButtonProps) {
  const blocked = pending && !disabled;
  return (
    <button
      {...props}
      type={type}
      disabled={disabled}
      aria-busy={pending || ariaBusy || undefined}
      aria-disabled={blocked || ariaDisabled || undefined}
      className={buttonClasses({ variant, size, className: ["disabled:opacity-60", blocked ? "opacity-70" : "", className].filter(Boolean).join(" ") })}
      onClick={
        pending
          ? (event: MouseEvent<HTMLButtonElement>) => {
              // aria-disabled does not stop a click (nor Enter in a field): a second submit would run twice.
              event.preventDefault();
            }
          : onClick
      }
    >
      {pending && pendingLabel !== undefined ? pendingLabel : children}
    </button>
  );
}
