/**
 * Runs in the browser before the portal's own code (Next.js `instrumentation-client`).
 *
 * zod 4 probes `new Function("")` when its first object schema is built, to decide whether it may
 * compile fast parsers. Our CSP forbids eval (no 'unsafe-eval'), so the probe is refused and the
 * browser reports a CSP violation on every page with a client-side form (Chrome's Issues panel,
 * Lighthouse's best practices), although zod catches it. `jitless` skips the probe. zod reads its
 * configuration from this global (zod/v4/core/core.js), so no zod code is loaded here.
 */
const zodGlobal = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
zodGlobal.__zod_globalConfig ??= {};
zodGlobal.__zod_globalConfig.jitless = true;
export {};
