import type { Metadata } from "next";
import type { ReactNode } from "react";

// The staff console: never indexed, never in the customers' navigation.
export const metadata: Metadata = { title: { default: "Console", template: "%s · Console Duret" }, robots: { index: false, follow: false } };

export default function ConsoleRootLayout({ children }: { children: ReactNode }) {
  return children;
}
