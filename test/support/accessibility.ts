// What the accessibility and touch browser tests share: axe-core run in the
// page (WCAG 2.1 A and AA rules), its serious and critical findings written
// out one a line, the focus ring a Tab shows, and a wait for a page to have
// finished loading its data.
//
// The functions run in the page reach its window through the element they
// are given (html.ownerDocument.defaultView): the tests are compiled without
// the DOM's types, which are the browser's and not Node's.
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The rule sets of WCAG 2.1 level AA (A and AA of 2.0 and 2.1). */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What fails the tests: a violation axe rates serious or critical. */
const BLOCKING: ReadonlySet<string> = new Set(['serious', 'critical']);

export interface Finding {
  /** Where it was found: the page, or the dialog on it. */
  where: string;
  rule: string;
  impact: string;
  /** The CSS selector of each element at fault. */
  targets: string[];
  help: string;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe on the page as it is now (a dialog open, say) and answers its
 * serious and critical violations. Axe is injected on first use after each
 * page load.
 */
export async function auditPage(page: Page, where: string): Promise<Finding[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) {
    await page.addScriptTag({ content: axe.source });
  }
  const violations: AxeViolation[] = await page.locator('html').evaluate(async (html, tags) => {
    const found = await html.ownerDocument.defaultView.axe.run(html.ownerDocument, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return found.violations;
  }, WCAG_21_AA);
  return violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => ({
      where,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
}

/** The findings, one a line: "page · rule (impact): help — selector, selector". */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map(
    (f) =>
      `${f.where} · ${f.rule} (${f.impact}): ${f.help} — ${f.targets.slice(0, 6).join(', ')}${
        f.targets.length > 6 ? ` and ${f.targets.length - 6} more` : ''
      }`,
  );
}

/** Where a Tab put the keyboard focus, and the ring the page draws around it. */
export interface Focused {
  /** The element's label or text. */
  name: string;
  /** The first of the regions asked about that holds the element, if any. */
  region: string | null;
  /** The outline drawn while :focus-visible and its contrast with what lies behind it; null when none. */
  ring: { outline: string; contrast: number } | null;
}

/**
 * Presses Tab and describes where the focus went. The ring counts when the
 * element matches :focus-visible and has an opaque outline 2 px wide or more;
 * its contrast is measured against the backgrounds behind it, laid over each
 * other (inside the element when the outline is drawn inward).
 */
export async function pressTab(page: Page, regions: readonly string[]): Promise<Focused> {
  await page.keyboard.press('Tab');
  return page.locator('html').evaluate((html, regions) => {
    const doc = html.ownerDocument;
    const view = doc.defaultView;
    const element = doc.activeElement;
    if (!element || element === doc.body) return { name: '(body)', region: null, ring: null };
    const rgba = (color: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
      return { r, g, b, a };
    };
    const behind = (from: typeof element) => {
      const layers = [];
      for (let e = from; e; e = e.parentElement) {
        const layer = rgba(view.getComputedStyle(e).backgroundColor);
        if (layer.a > 0) layers.push(layer);
        if (layer.a >= 1) break;
      }
      return layers.reduceRight(
        (under, over) => ({
          r: over.r * over.a + under.r * (1 - over.a),
          g: over.g * over.a + under.g * (1 - over.a),
          b: over.b * over.a + under.b * (1 - over.a),
          a: 1,
        }),
        { r: 255, g: 255, b: 255, a: 1 },
      );
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const linear = (c: number) => {
        const s = c / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const style = view.getComputedStyle(element);
    const outlined =
      element.matches(':focus-visible') &&
      style.outlineStyle !== 'none' &&
      Number.parseFloat(style.outlineWidth) >= 2 &&
      rgba(style.outlineColor).a > 0;
    const ground = behind(
      Number.parseFloat(style.outlineOffset) < 0 ? element : element.parentElement,
    );
    const [light, dark] = [luminance(rgba(style.outlineColor)), luminance(ground)].sort(
      (a, b) => b - a,
    ) as [number, number];
    return {
      name: String(element.getAttribute('aria-label') ?? element.textContent ?? element.tagName)
        .trim()
        .slice(0, 40),
      region: regions.find((selector) => element.closest(selector) !== null) ?? null,
      ring: outlined
        ? {
            outline: `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`,
            contrast: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100,
          }
        : null,
    };
  }, regions);
}

/**
 * Counts the page's requests in flight, so that a test can wait for the
 * page to have its data. A live stream (EventSource) never ends and is left
 * out. Call before the first navigation.
 */
export function trackRequests(page: Page): { settled(): Promise<void> } {
  let inFlight = 0;
  const counted = new WeakSet<object>();
  page.on('request', (request) => {
    if (request.resourceType() === 'eventsource') return;
    counted.add(request);
    inFlight += 1;
  });
  const done = (request: object) => {
    if (!counted.has(request)) return;
    counted.delete(request);
    inFlight -= 1;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    /** Waits until no request has been in flight for a moment and nothing on the page says it is loading. */
    async settled() {
      const deadline = Date.now() + 15_000;
      let quietSince = 0;
      while (Date.now() < deadline) {
        const loading = await page.locator('.loading, [aria-busy="true"]').count();
        if (inFlight === 0 && loading === 0) {
          quietSince ||= Date.now();
          if (Date.now() - quietSince >= 400) return;
        } else {
          quietSince = 0;
        }
        await page.waitForTimeout(100);
      }
      throw new Error(`${page.url()} kept loading: ${inFlight} requests in flight`);
    },
  };
}
