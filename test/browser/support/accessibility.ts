import * as axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * axe-core in every page of a browser context, from the installed package (nothing downloaded):
 * added as an init script once per person, so a check is one axe.run in the page. Injecting the
 * 550 kB script at each check (as @axe-core/playwright does) and returning the passing nodes
 * took 1–2 s a check, most of the browser suite's time.
 */
export async function installAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: axe.source });
}

/** One violation as axe reports it, reduced to what the report below needs. */
interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's default rules on the page as shown: every serious or critical violation, one line
 * per rule with the first few elements it names. Only violations are collected (resultTypes);
 * the rules and their verdicts are the defaults.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // A document the init script did not see (page.setContent on about:blank) gets it now.
  if (!(await page.evaluate(`typeof axe !== 'undefined'`))) await page.evaluate(axe.source);
  const violations = (await page.evaluate(`(() => {
    return axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })) })),
    );
  })()`)) as Violation[];
  return violations
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
