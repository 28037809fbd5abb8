// Formatting lives with the locale rules in lib/i18n; components import it from here.
export { createFormat, parisDay, type Format } from "@/lib/i18n/format";
