import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The customer-facing surface, found from the source tree (not from a hand-kept list), so that a
 * new route handler or server action without a security case makes the suites fail:
 * - every `app/**\/route.ts` and the HTTP methods it exports;
 * - every export of a `"use server"` module under app/ and lib/ (customerAction or plain).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join("/");

/**
 * The staff console's entry points (its routes under app/console, its actions under lib/staff/actions
 * and lib/console/actions) have their own suite (console-access.test.ts: no cookie, a customer's
 * cookie, an office member on an administrator's action); the customer suites leave them out.
 */
export function isConsoleEntry(key: string): boolean {
  return /^(app\/console\/|lib\/staff\/actions\/|lib\/console\/actions\/)/.test(key);
}

/** Customer-facing route handlers (the console's: findConsoleRouteHandlers). */
export function findRouteHandlers(): string[] {
  return findAllRouteHandlers().filter((k) => !isConsoleEntry(k));
}

export function findConsoleRouteHandlers(): string[] {
  return findAllRouteHandlers().filter(isConsoleEntry);
}

/** Customer-facing server actions (the console's: findConsoleServerActions). */
export function findServerActions(): string[] {
  return findAllServerActions().filter((k) => !isConsoleEntry(k));
}

export function findConsoleServerActions(): string[] {
  return findAllServerActions().filter(isConsoleEntry);
}

/** "app/console/(espace)/livraisons/page.tsx" for every page and layout of the console. */
export function findConsolePages(): string[] {
  return walk(path.join(ROOT, "app", "console"))
    .filter((f) => /\/(page|layout)\.tsx$/.test(f))
    .map(rel)
    .sort();
}

/** "app/api/messages/[id]/route.ts GET" for every exported method. */
function findAllRouteHandlers(): string[] {
  const out: string[] = [];
  for (const file of walk(path.join(ROOT, "app")).filter((f) => f.endsWith("/route.ts"))) {
    const src = readFileSync(file, "utf8");
    const methods = new Set<string>();
    for (const m of src.matchAll(/export\s+(?:async\s+)?(?:const|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(m[1]!);
    for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const part of m[1]!.split(",")) {
        const alias = part.split(/\s+as\s+/).pop()?.trim();
        if (alias && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(alias)) methods.add(alias);
      }
    }
    for (const method of methods) out.push(`${rel(file)} ${method}`);
  }
  return out.sort();
}

/** "lib/account/actions/addresses.ts#addAddressAction" for every export of a "use server" module. */
function findAllServerActions(): string[] {
  const out: string[] = [];
  const files = [...walk(path.join(ROOT, "app")), ...walk(path.join(ROOT, "lib"))].filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
  for (const file of files) {
    const src = readFileSync(file, "utf8");
    if (!/^\s*(?:\/\/[^\n]*\n\s*)*["']use server["'];?/.test(src)) continue;
    for (const m of src.matchAll(/export\s+(?:async\s+)?(?:const|function)\s+([A-Za-z0-9_]+)/g)) out.push(`${rel(file)}#${m[1]}`);
  }
  return out.sort();
}

/** Every `customerAction(` export, wherever it is (the team rule: every customer action uses it). */
export function findCustomerActions(): string[] {
  return findServerActions().filter((key) => {
    const [file, name] = key.split("#") as [string, string];
    const src = readFileSync(path.join(ROOT, file), "utf8");
    return new RegExp(`export\\s+const\\s+${name}\\s*=\\s*customerAction\\(`).test(src);
  });
}
