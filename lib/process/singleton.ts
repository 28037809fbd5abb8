/**
 * One value per server process, whichever copy of a module asks for it.
 *
 * Module-level state is not enough in Next.js: dev reloads evaluate a module again (its state would
 * start over, e.g. a second database or worker), and the route handlers, the proxy and
 * instrumentation are bundled apart (each with its own copy of the module). They all share the
 * process's `globalThis`, so the value lives there, under `key`: the first caller creates it, every
 * later caller (another bundle, a reloaded module) gets the same value.
 *
 * No `import "server-only"`: proxy.ts uses it too (lib/auth/session-token.ts), and it holds nothing
 * secret by itself.
 */
export function processSingleton<T>(key: `__duret${string}`, create: () => T): T {
  const slots = globalThis as unknown as Record<string, unknown>;
  return (slots[key] ??= create()) as T;
}
