import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * axe-core on the page as shown (injected by @axe-core/playwright, nothing downloaded): every
 * serious or critical violation, one line per rule with the first few elements it names.
 * Legacy mode runs in the page itself, without opening a blank page of its own for the
 * cross-frame merge (the app has no frames).
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const targets = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ');
      const more = v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : '';
      return `axe ${v.impact} ${v.id} (${v.help}): ${targets}${more}`;
    });
}
