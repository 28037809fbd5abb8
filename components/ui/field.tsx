"use client";
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";

/**
 * A form field: its label, hint and error wired for screen readers (WCAG 1.3.1, 3.3.1): the hint
 * and the error describe the control (aria-describedby), the error marks it invalid (aria-invalid).
 * `Field` is the common case (a text input); `FieldFrame` lends the same wiring to any control
 * (textarea, custom input) through a render prop; `useFieldIds` to a layout of its own (a checkbox).
 */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

export function useFieldIds({ hint, error }: { hint?: boolean; error?: string | null }): { id: string; hintId: string; errorId: string; control: FieldControlProps } {
  const id = useId();
  const hintId = `${id}-aide`;
  const errorId = `${id}-erreur`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return { id, hintId, errorId, control: { id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined } };
}

export interface FieldFrameProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** md: the portal's forms; sm: a smaller label, for the denser message and refusal forms. */
  size?: "md" | "sm";
  /** reserved: the error line is always there, so nothing moves when it fills; auto: only with an error. */
  errorSpace?: "reserved" | "auto";
  /** Announce the error as it appears: for errors that come back from the server without moving focus. */
  announce?: "alert" | "assertive";
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

const LABEL = { md: "block font-semibold text-slate-900", sm: "block text-sm font-semibold text-slate-900" } as const;
const ERROR = { reserved: "min-h-5 text-sm font-medium text-red-800", auto: "mt-1 text-sm text-red-800" } as const;

export function FieldFrame({ label, hint, error, size = "md", errorSpace = "reserved", announce, className = "", children }: FieldFrameProps) {
  const { id, hintId, errorId, control } = useFieldIds({ hint: Boolean(hint), error });
  const showError = errorSpace === "reserved" || Boolean(error);
  return (
    <div className={[errorSpace === "reserved" ? "space-y-1" : "", className].filter(Boolean).join(" ") || undefined}>
      <label htmlFor={id} className={LABEL[size]}>
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children(control)}
      {showError ? (
        <p id={errorId} role={announce === "alert" ? "alert" : undefined} aria-live={announce === "assertive" ? "assertive" : undefined} className={ERROR[errorSpace]}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const INPUT_CLASSES = "block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 aria-[invalid=true]:border-red-700";

/** A labelled text input (the account, signing and address forms). */
export function Field({
  label,
  hint,
  error,
  className = "",
  ref,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string; ref?: Ref<HTMLInputElement> }) {
  return (
    <FieldFrame label={label} hint={hint} error={error} className={className}>
      {(control) => <input ref={ref} {...control} className={INPUT_CLASSES} {...input} />}
    </FieldFrame>
  );
}
