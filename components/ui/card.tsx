import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "./button";

/** A titled section of the page; the title is the section's accessible name. */
export function Card({
  id,
  title,
  children,
  action,
  footer,
  className = "",
}: {
  id: string;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  footer?: ReactNode;
  className?: string;
}) {
  return (
    <section aria-labelledby={`${id}-titre`} className={`flex flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 ${className}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-titre`} className="text-lg font-semibold text-brand-900">
          {title}
        </h2>
        {action}
      </div>
      <div className="mt-3 flex-1">{children}</div>
      {footer ? <div className="mt-4 border-t border-slate-100 pt-3">{footer}</div> : null}
    </section>
  );
}

// Classes, not style attributes: the page CSP may one day drop 'unsafe-inline' for styles.
const SKELETON_WIDTHS = ["w-11/12", "w-4/5", "w-2/3", "w-1/2"];

/** The skeleton of a Card, same frame, so the page does not jump when data arrives. */
export function CardSkeleton({ lines = 3, title, className = "" }: { lines?: number; title?: string; className?: string }) {
  return (
    <div aria-hidden="true" className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 ${className}`}>
      {title ? (
        <p className="text-lg font-semibold text-brand-900">{title}</p>
      ) : (
        <div className="h-5 w-40 animate-pulse rounded bg-slate-200" />
      )}
      <div className="mt-4 space-y-3">
        {Array.from({ length: lines }, (_, i) => (
          <div key={i} className={`h-4 animate-pulse rounded bg-slate-100 ${SKELETON_WIDTHS[i % SKELETON_WIDTHS.length]}`} />
        ))}
      </div>
    </div>
  );
}

/** A screen-reader announcement for a region that is still loading (skeletons are aria-hidden). */
export function LoadingStatus({ label }: { label: string }) {
  return (
    <p role="status" className="sr-only">
      {label}
    </p>
  );
}

/** Nothing to show, said plainly, with the next step when there is one. */
export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-start gap-2 rounded-lg bg-slate-50 p-4">
      <p className="font-medium text-slate-800">{title}</p>
      {hint ? <p className="text-sm text-slate-600">{hint}</p> : null}
      {action ? <div className="mt-1">{action}</div> : null}
    </div>
  );
}

/** A link that looks like a button: for calls to action that navigate. */
export function LinkButton({ href, children, variant = "primary" }: { href: string; children: ReactNode; variant?: "primary" | "secondary" }) {
  return (
    <Link href={href} className={buttonClasses({ variant })}>
      {children}
    </Link>
  );
}

/** "See all" link at the foot of a card. */
export function MoreLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="inline-flex min-h-11 items-center gap-1 text-sm font-semibold text-brand-700 underline-offset-4 hover:underline">
      {children}
      <span aria-hidden="true">→</span>
    </Link>
  );
}

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";
const TONES: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-800",
  info: "bg-brand-50 text-brand-700",
  success: "bg-green-100 text-green-800",
  warning: "bg-amber-100 text-amber-900",
  danger: "bg-red-100 text-red-800",
};

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${TONES[tone]}`}>{children}</span>;
}
