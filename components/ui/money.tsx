import type { ReactNode } from "react";

/**
 * An amount as one unbreakable piece: « 1 100,00 € » never splits across lines, even inside a
 * container that lets long words break (`break-words`), where the formatter's no-break spaces
 * (U+202F, U+00A0 from Intl) are not enough.
 */
export function Money({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <span className={["whitespace-nowrap", className].filter(Boolean).join(" ")}>{children}</span>;
}
