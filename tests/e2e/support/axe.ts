import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/**
 * The one axe scan of the e2e suite: WCAG 2.0, 2.1 and 2.2 levels A and AA, as the axe-core bundled
 * with @axe-core/playwright (4.13) names them. `label-content-name-mismatch` (2.5.3 Label in Name) is
 * tagged "experimental" there, which axe leaves out of a tag run: it is switched on by name.
 * `target-size` (2.5.8, 24×24 px) comes with wcag22aa.
 */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] as const;

export function axeBuilder(page: Page): AxeBuilder {
  return new AxeBuilder({ page })
    .options({ runOnly: { type: "tag", values: [...AXE_TAGS] }, rules: { "label-content-name-mismatch": { enabled: true } } });
}

/**
 * The violations on the page, one line per rule with the elements it flags (empty when accessible);
 * analysed again if a `next dev` reload (shared checkout) interrupts it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      // The whole document, never one still being parsed (a reload or a navigation just begun).
      await page.waitForLoadState("load");
      const results = await axeBuilder(page).analyze();
      return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    } catch (error) {
      if (attempt >= 6 || !/context was destroyed|navigation/i.test(String(error))) throw error;
      await page.waitForTimeout(2_000);
      await page.waitForLoadState("load");
    }
  }
}
