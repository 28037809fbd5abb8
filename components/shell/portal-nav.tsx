"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Icon, type IconName } from "./icons";

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  /** False for entries reached from the header on phones (Compte): the tab bar holds five. */
  inTabBar: boolean;
}

/** "page" on the page itself, "true" inside its section (a quote under /documents), else nothing. */
export function currentFor(pathname: string, href: string): "page" | "true" | undefined {
  if (pathname === href) return "page";
  if (href !== "/" && pathname.startsWith(`${href}/`)) return "true";
  return undefined;
}

/**
 * One navigation for every width: a bottom tab bar on phones (thumb reach), a side column from
 * md up. One element, so assistive technologies meet a single "main navigation" landmark.
 */
export function PortalNav({ label, items }: { label: string; items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav
      aria-label={label}
      className="fixed inset-x-0 bottom-0 z-40 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] shadow-[0_-2px_8px_rgba(15,23,42,0.06)] md:sticky md:top-6 md:z-auto md:w-56 md:shrink-0 md:self-start md:border-0 md:bg-transparent md:pb-0 md:shadow-none"
    >
      <ul className="grid grid-cols-5 md:flex md:flex-col md:gap-1">
        {items.map((item) => {
          const current = currentFor(pathname, item.href);
          return (
            <li key={item.href} className={item.inTabBar ? undefined : "hidden md:block"}>
              <Link
                href={item.href}
                aria-current={current}
                className={[
                  "group relative flex min-h-14 flex-col items-center justify-center gap-0.5 px-1 py-1.5 text-center text-[0.7rem] leading-tight font-medium",
                  "md:min-h-11 md:flex-row md:justify-start md:gap-3 md:rounded-lg md:px-3 md:py-2 md:text-left md:text-sm",
                  current
                    ? "text-brand-700 md:bg-brand-700 md:text-white"
                    : "text-slate-700 hover:text-brand-700 md:hover:bg-brand-50",
                ].join(" ")}
              >
                {/* The active tab's bar on phones: shape, not only colour, marks the current page. */}
                <span
                  aria-hidden="true"
                  className={`absolute inset-x-3 top-0 h-1 rounded-b md:hidden ${current ? "bg-brand-700" : "bg-transparent"}`}
                />
                <Icon name={item.icon} className="h-6 w-6 shrink-0 md:h-5 md:w-5" />
                <span>{item.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
