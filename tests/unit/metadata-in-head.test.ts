// Next's own rule for streaming generateMetadata's result into the body (server/lib/streaming-metadata).
import { shouldServeStreamingMetadata } from "next/dist/server/lib/streaming-metadata";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";

/**
 * Every page's title is in the <head> of its first HTML, for every browser (next.config
 * htmlLimitedBots): Next otherwise streams it into the body for all but a list of bots, and a phone's
 * tab, a screen reader's first announcement or an accessibility scan can meet a page with no title.
 * tests/e2e/shell.spec.ts checks the served HTML of each customer page.
 */
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const BROWSERS = [
  ANDROID,
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
];

describe("page metadata", () => {
  it("is never streamed, for any browser", () => {
    const limited = nextConfig.htmlLimitedBots;
    expect(limited).toBeInstanceOf(RegExp);
    // Next passes the pattern's source to the render (config-shared: htmlLimitedBots.source).
    for (const ua of BROWSERS) expect(shouldServeStreamingMetadata(ua, (limited as RegExp).source), ua).toBe(false);
  });

  it("would stream for browsers with Next's default list (what the setting is there for)", () => {
    // An empty pattern is how Next reads "not set" (its default list of bots).
    expect(shouldServeStreamingMetadata(ANDROID, "")).toBe(true);
  });
});
