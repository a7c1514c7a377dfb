import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** One axe-core finding, as the failure message shows it. */
export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is and returns its serious and
 * critical findings. The script goes in through the DevTools protocol, not a `<script>` tag:
 * the pages' CSP forbids inline scripts, and the test must not loosen it.
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
  });
}

/** Fails, naming each rule and element, when axe-core finds a serious or critical violation. */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const findings = await seriousAxeFindings(page);
  if (findings.length > 0)
    throw new Error(
      `axe-core on ${page.url()}:\n` +
        findings.map((f) => `- ${f.impact} ${f.id}: ${f.help} (${f.targets.join(', ')})`).join('\n'),
    );
}

/**
 * Sets the viewport to `widthPx` (360: a small phone) and fails when the page scrolls sideways,
 * naming the widest elements; tables may scroll inside a `.table-scroll` box.
 */
export async function expectFitsWidth(page: Page, widthPx: number): Promise<void> {
  await page.setViewportSize({ width: widthPx, height: 740 });
  // A string: this lib is compiled without the DOM's types.
  const overflow = await page.evaluate<string[]>(`(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .filter((el) => !el.closest('.table-scroll'))
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className) : ''));
  })()`);
  if (overflow.length > 0)
    throw new Error(`${page.url()} is wider than ${widthPx} px: ${overflow.join(', ')}`);
}
