"use client";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type KeyboardEvent, type Ref } from "react";

/** One suggestion of GET /api/adresses. */
export interface AddressSuggestion {
  label: string;
  line: string;
  zip: string;
  city: string;
}

const DEBOUNCE_MS = 250;
const MIN_CHARS = 3;

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "role" | "aria-expanded" | "aria-controls" | "aria-activedescendant" | "aria-autocomplete"> & {
  ref?: Ref<HTMLInputElement>;
};

/**
 * A text input that offers addresses as the customer types (WAI-ARIA combobox with a listbox popup:
 * the input keeps the focus; ↓/↑ move through the suggestions, Entrée picks, Échap closes). Asks
 * GET /api/adresses ~250 ms after the last keystroke, says « Recherche… » and the number found in a
 * polite live region. Typing the whole address by hand works the same with or without it (no
 * script, no answer, the limit reached: the field stays a plain field).
 */
export function AddressCombobox({
  inputProps,
  onPick,
  onKeyDownOutside,
}: {
  /** The field's own props (react-hook-form's register, id, aria-describedby…), merged here. */
  inputProps: InputProps;
  /** The customer chose a suggestion: the form fills its fields from it. */
  onPick: (suggestion: AddressSuggestion) => void;
  /** Keys the combobox does not use while its list is closed (the form's own Enter). */
  onKeyDownOutside?: (event: KeyboardEvent<HTMLInputElement>) => void;
}) {
  const t = useTranslations("address");
  const listId = useId();
  const [suggestions, setSuggestions] = useState<AddressSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<"idle" | "searching" | "done">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const request = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      request.current?.abort();
    },
    [],
  );

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function search(text: string) {
    if (timer.current) clearTimeout(timer.current);
    request.current?.abort();
    if (text.trim().length < MIN_CHARS) {
      setSuggestions([]);
      setStatus("idle");
      close();
      return;
    }
    timer.current = setTimeout(async () => {
      const controller = new AbortController();
      request.current = controller;
      setStatus("searching");
      try {
        const response = await fetch(`/api/adresses?${new URLSearchParams({ q: text })}`, { signal: controller.signal, headers: { accept: "application/json" } });
        const body = response.ok ? ((await response.json()) as { suggestions?: AddressSuggestion[] }) : {};
        const found = Array.isArray(body.suggestions) ? body.suggestions.slice(0, 5) : [];
        setSuggestions(found);
        setActive(-1);
        setOpen(found.length > 0);
        setStatus("done");
      } catch {
        // Aborted by a newer keystroke, or no answer: the field stays a plain field.
        if (!controller.signal.aborted) {
          setSuggestions([]);
          close();
          setStatus("idle");
        }
      }
    }, DEBOUNCE_MS);
  }

  function pick(s: AddressSuggestion) {
    if (timer.current) clearTimeout(timer.current);
    request.current?.abort();
    close();
    setSuggestions([]);
    setStatus("idle");
    onPick(s);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (open && suggestions.length > 0) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setActive((i) => (i + 1) % suggestions.length);
        return;
      }
      if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
        return;
      }
      if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        pick(suggestions[active]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        close();
        return;
      }
    } else if (event.key === "ArrowDown" && suggestions.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive(0);
      return;
    }
    onKeyDownOutside?.(event);
  }

  const { onChange, onBlur, className, ...rest } = inputProps;
  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="relative">
      <input
        {...rest}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        className={className}
        onChange={(event) => {
          onChange?.(event);
          search(event.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={(event) => {
          onBlur?.(event);
          // A click on an option lands after the blur: close once it had its chance.
          setTimeout(close, 150);
        }}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={t("suggestions")}
        hidden={!open}
        // In the page's flow, not over it: an open list pushes what follows down instead of covering
        // the button next to the field (« Voir les créneaux pour cette adresse » could not be pressed).
        className="mt-1 max-h-72 overflow-auto rounded-lg border border-slate-300 bg-white py-1 shadow-lg"
      >
        {suggestions.map((s, i) => (
          <li
            key={`${s.label}-${i}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`min-h-11 cursor-pointer px-3 py-2 text-slate-900 ${i === active ? "bg-brand-50 outline outline-2 -outline-offset-2 outline-brand-700" : "hover:bg-slate-100"}`}
            // mousedown, not click: the input keeps the focus (no blur closing the list first).
            onMouseDown={(event) => {
              event.preventDefault();
              pick(s);
            }}
          >
            {s.label}
          </li>
        ))}
      </ul>
      <p aria-live="polite" role="status" className="sr-only">
        {status === "searching" ? t("searching") : status === "done" ? (suggestions.length > 0 ? t("found", { count: suggestions.length }) : t("noneFound")) : ""}
      </p>
    </div>
  );
}
