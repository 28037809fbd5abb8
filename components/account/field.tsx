"use client";
import { forwardRef, useId, type InputHTMLAttributes, type ReactNode } from "react";

/** A labelled text field with its hint and error wired for screen readers (WCAG 1.3.1, 3.3.1). */
export const Field = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string }>(
  function Field({ label, hint, error, className = "", ...input }, ref) {
    const id = useId();
    const hintId = `${id}-aide`;
    const errorId = `${id}-erreur`;
    const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
    return (
      <div className={`space-y-1 ${className}`}>
        <label htmlFor={id} className="block font-semibold text-slate-900">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="text-sm text-slate-600">
            {hint}
          </p>
        ) : null}
        <input
          id={id}
          ref={ref}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className="block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 aria-[invalid=true]:border-red-700"
          {...input}
        />
        <p id={errorId} className="min-h-5 text-sm font-medium text-red-800">
          {error}
        </p>
      </div>
    );
  },
);

export function PrimaryButton({
  children,
  pending,
  pendingLabel,
  className,
  ...props
}: { children: ReactNode; pending?: boolean; pendingLabel?: string } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="submit"
      aria-disabled={pending || undefined}
      className={className ?? "inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900 aria-disabled:opacity-70"}
      {...props}
    >
      {pending ? (pendingLabel ?? children) : children}
    </button>
  );
}

export function SecondaryButton({ children, ...props }: { children: ReactNode } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      className="inline-flex min-h-11 items-center justify-center rounded-lg border border-brand-700 bg-white px-4 text-sm font-semibold text-brand-700 hover:bg-brand-50"
      {...props}
    >
      {children}
    </button>
  );
}

/** Polite announcement of a result (saved, code sent), or an assertive one for an error. */
export function Notice({ tone, children }: { tone: "success" | "error" | "info"; children: ReactNode }) {
  if (!children) return <p role="status" className="sr-only" />;
  const styles = tone === "error" ? "bg-red-50 text-red-900" : tone === "success" ? "bg-green-50 text-green-900" : "bg-brand-50 text-brand-900";
  return (
    <p role={tone === "error" ? "alert" : "status"} className={`rounded-lg p-3 text-sm font-medium ${styles}`}>
      {children}
    </p>
  );
}
