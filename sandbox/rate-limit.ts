import { rateLimited, type HubSpotError } from "@/sandbox/errors";

export interface RateLimitConfig {
  enabled: boolean;
  /** Requests per rolling 10 s per token (Professional: 190). */
  per10s: number;
  /** Search requests per second per account (5). */
  searchPerSecond: number;
  /** Requests per day per account (Professional: 625,000). */
  daily: number;
}
export const DEFAULT_RATE_LIMITS: RateLimitConfig = { enabled: true, per10s: 190, searchPerSecond: 5, daily: 625_000 };

const TEN_SECONDS = 10_000;

/**
 * HubSpot's limits, counted as HubSpot counts them: a rolling 10-second window per token, a
 * separate per-second window for the search endpoints, and a daily total. Search requests count
 * against the secondly and daily limits only: HubSpot's usage guidelines list search apart from
 * the 10-second burst (and send no X-HubSpot-RateLimit-* headers on search responses).
 * Refused requests are not counted.
 */
export class RateLimiter {
  config: RateLimitConfig;
  private windows = new Map<string, number[]>();
  private searchWindow: number[] = [];
  private day = "";
  private dailyCount = 0;
  private readonly now: () => number;

  constructor(config: Partial<RateLimitConfig> = {}, now: () => number = Date.now) {
    this.config = { ...DEFAULT_RATE_LIMITS, ...config };
    this.now = now;
  }

  configure(patch: Partial<RateLimitConfig>): RateLimitConfig {
    this.config = { ...this.config, ...patch };
    return this.config;
  }
  reset(): void {
    this.windows.clear();
    this.searchWindow = [];
    this.dailyCount = 0;
  }

  /** Admits one request or returns the 429 error; `headers` go on every non-search response. */
  admit(token: string, isSearch: boolean): { error?: HubSpotError; headers: Record<string, string> } {
    const now = this.now();
    const today = new Date(now).toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.dailyCount = 0;
    }
    const { enabled, per10s, searchPerSecond, daily } = this.config;
    const window = this.prune(token, now);
    const headersFor = (used: number): Record<string, string> =>
      isSearch
        ? {}
        : {
            "X-HubSpot-RateLimit-Max": String(per10s),
            "X-HubSpot-RateLimit-Remaining": String(Math.max(0, per10s - used)),
            "X-HubSpot-RateLimit-Interval-Milliseconds": String(TEN_SECONDS),
            "X-HubSpot-RateLimit-Daily": String(daily),
            "X-HubSpot-RateLimit-Daily-Remaining": String(Math.max(0, daily - this.dailyCount)),
          };
    if (enabled) {
      if (this.dailyCount >= daily) return { error: rateLimited("DAILY", headersFor(window.length)), headers: {} };
      if (isSearch) {
        this.searchWindow = this.searchWindow.filter((t) => now - t < 1000);
        if (this.searchWindow.length >= searchPerSecond) return { error: rateLimited("SECONDLY"), headers: {} };
      } else if (window.length >= per10s) {
        return { error: rateLimited("TEN_SECONDLY_ROLLING", headersFor(window.length)), headers: {} };
      }
    }
    this.dailyCount++;
    if (isSearch) this.searchWindow.push(now);
    else window.push(now);
    return { headers: headersFor(window.length) };
  }

  private prune(token: string, now: number): number[] {
    let w = this.windows.get(token);
    if (!w) this.windows.set(token, (w = []));
    let drop = 0;
    while (drop < w.length && now - w[drop]! >= TEN_SECONDS) drop++;
    if (drop) w.splice(0, drop);
    return w;
  }
}
