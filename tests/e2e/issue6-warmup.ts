import type { APIRequestContext } from "@playwright/test";

/**
 * A cold `next dev` compiles each route on its first request (seconds on 2 cores): the live
 * tests would time the compiler, not the portal. Request every route they use once, signed in.
 * Route handlers compile even when they answer 401/404.
 */
export async function warmUp(api: APIRequestContext, cookie: string, paths: { pages: string[]; apis: string[] }): Promise<void> {
  for (const path of paths.pages) await (await api.get(path, { headers: { cookie }, timeout: 180_000, maxRedirects: 0 })).body();
  for (const path of paths.apis) {
    // /api/live streams for minutes when signed in: warmed up signed out (a 401 compiles it too).
    const headers: Record<string, string> = path.startsWith("/api/live") ? {} : { cookie };
    const res = await api.fetch(path, { method: path.includes("webhooks") || path.includes("uploads") ? "POST" : "GET", headers, timeout: 180_000, maxRedirects: 0 });
    await res.body();
  }
}
