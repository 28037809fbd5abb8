import type { Locale } from "./config";
import type { Messages } from "./messages";

// Typed keys and locales for next-intl's translators and hooks: a missing key fails `tsc`.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
