// Reflow (WCAG 1.4.10) and readable diagrams: every page of the sitemap (and the 404 page) at 320 px wide
// shows everything without sideways page scrolling, wide tables and equations scroll inside their own box,
// display equations fit a desktop column, and diagram text is at least 12 px on a 390 px phone.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openPage, PageStuckError, scrollThrough, sitemapPaths, useSite, within, type OpenPageOptions, type Visit } from './harness.ts';

/** The smallest text a diagram may render, in CSS pixels, on a phone and on a desktop. */
const MIN_DIAGRAM_PX = 12;
const PHONE = { width: 390, height: 844 };
const NARROW = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 800 };

const pages = [...sitemapPaths(), 'no-such-page/'];

const { site, browser } = useSite();

/**
 * Elements that stick out past the right edge of the viewport without a scrolling box of their own between them
 * and the page: what a reader at 320 px would have to scroll the page sideways (or could not see at all, if an
 * ancestor clips it) to read. Elements inside a box that scrolls sideways and itself fits are fine.
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth + 1;
    const scrollsInside = (el: Element): boolean => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (/(auto|scroll)/.test(style.overflowX) && a.getBoundingClientRect().right <= limit) return true;
      }
      return false;
    };
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`;
    };
    const problems = [...document.body.querySelectorAll('*')].filter((el) => {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || rect.right <= limit) return false;
      // Hidden on purpose: Starlight's skip link and closed menus, KaTeX's screen-reader MathML (clipped to nothing);
      // the parts of an SVG are judged by the SVG element itself.
      if (el.closest('[hidden], .sr-only, dialog:not([open]), .katex-mathml') || getComputedStyle(el).visibility === 'hidden') return false;
      if (el instanceof SVGElement && !(el instanceof SVGSVGElement && el.ownerSVGElement === null)) return false;
      return !scrollsInside(el);
    });
    // Report the outermost offenders only: their children stick out because they do.
    return problems.filter((el) => !problems.includes(el.parentElement as Element)).map(describe);
  });
}

/** Rendered font size (CSS px, after the SVG's scaling) of every visible text in a figure's SVG, smallest first. */
async function diagramTextSizes(page: Page): Promise<{ px: number; text: string; figure: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('figure svg text')]
      .filter((el) => el.getClientRects().length > 0 && (el.textContent ?? '').trim() !== '')
      .map((el) => {
        const ctm = (el as SVGGraphicsElement).getScreenCTM();
        const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
        const svg = (el as SVGGraphicsElement).ownerSVGElement;
        return {
          px: Math.round(Number.parseFloat(getComputedStyle(el).fontSize) * scale * 10) / 10,
          text: (el.textContent ?? '').trim().slice(0, 30),
          figure: (svg?.getAttribute('aria-label') ?? svg?.querySelector('title')?.textContent ?? '').slice(0, 50),
        };
      })
      .sort((a, b) => a.px - b.px),
  );
}

/** How long one attempt at a page (open, settle, check) may take; two attempts and their clean-up fit the test's 180 s. */
const ATTEMPT_MS = 75_000;

/**
 * Opens a page, scrolls through it so every island hydrates (they change widths), waits for them and the web fonts,
 * then runs `check` on it. Every step is bounded: CI runs 19 and 20 each saw one page (a different one each time, on a
 * loaded two-core machine) stop answering until the test's own 180 s timeout, on pages that settle in two seconds
 * otherwise. A stuck attempt is abandoned with a warning naming the step, and the page is opened once more in a fresh
 * context; a second stuck attempt fails the test with that step's name. A failed assertion fails at once.
 */
async function checkSettled(path: string, options: OpenPageOptions, check: (page: Page) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let visit: Visit | undefined;
    let step = 'opening it';
    const run = async () => {
      visit = await openPage(browser, site.url(path), options);
      step = 'scrolling through it';
      await scrollThrough(visit.page, { fonts: true, timeoutMs: ATTEMPT_MS });
      // A hydrated island drops its `ssr` attribute; the model download that follows does not change any width.
      step = 'waiting for its islands';
      await visit.page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, undefined, { timeout: 20_000 }).catch(() => {});
      await visit.page.evaluate(() => new Promise((done) => {
        requestAnimationFrame(() => requestAnimationFrame(done));
        setTimeout(done, 1_000);
      }));
      step = 'checking it';
      await check(visit.page);
    };
    try {
      await within(ATTEMPT_MS, () => `/${path} (attempt ${attempt}) stopped answering while ${step}.`, run());
      await closeWithin(visit);
      return;
    } catch (error) {
      await closeWithin(visit);
      if (!(error instanceof PageStuckError) || attempt === 2) throw error;
      process.stderr.write(`warning: ${error.message} Opening it again.\n`);
    }
  }
}

/** Closes a visit's context, giving up after 10 s (a stuck renderer can hold the close too). */
async function closeWithin(visit: Visit | undefined): Promise<void> {
  if (visit) await within(10_000, () => 'close', visit.close()).catch(() => {});
}

describe('at 320 px wide (400% zoom) nothing needs the page to scroll sideways', () => {
  test.each(pages.map((p) => [p || '(home)', p]))('%s', async (_label, path) => {
    await checkSettled(path, { viewport: NARROW, colorScheme: 'dark' }, async (page) => {
      expect(await overflowing(page), `${path}: sticks out at 320 px`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    });
  });
});

/** Every box in main that scrolls sideways, with what a keyboard and screen-reader user needs from it. */
async function scrollBoxes(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((el) => /(auto|scroll)/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
      .filter((el) => !el.closest('pre, .expressive-code, .cm-editor'))
      .map((el) => ({
        what: `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}`,
        focusable: el.getAttribute('tabindex') === '0',
        labelled: (el.getAttribute('aria-label') ?? '').length > 0 || (el.getAttribute('aria-labelledby') ?? '').length > 0,
        // The scroll hint: edge shadows drawn as background gradients, and a scrollbar that stays visible.
        hint: getComputedStyle(el).backgroundImage.includes('gradient') && getComputedStyle(el).scrollbarWidth === 'thin',
      })),
  );
}

/** Display equations that scroll sideways, with how much and their TeX. */
async function wideEquations(page: Page): Promise<string[]> {
  return page.locator('.katex-display').evaluateAll((all) =>
    all
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.scrollWidth - el.clientWidth} px too wide: ${(el.querySelector('annotation')?.textContent ?? '').slice(0, 60)}`),
  );
}

// One page load per page and width (three in all) keeps the file fast enough for a two-core CI.
describe('on a 390 px phone', () => {
  test.each(pages.map((p) => [p || '(home)', p]))('%s: diagram text is at least 12 px; every box that scrolls is a labelled tab stop with a scroll hint', async (_label, path) => {
    await checkSettled(path, { viewport: PHONE }, async (page) => {
      const small = (await diagramTextSizes(page)).filter((t) => t.px < MIN_DIAGRAM_PX - 0.05);
      expect(small.slice(0, 8), `${path}: diagram text under ${MIN_DIAGRAM_PX} px`).toEqual([]);
      const bad = (await scrollBoxes(page)).filter((s) => !s.focusable || !s.labelled || !s.hint);
      expect(bad, `${path}: scrolling boxes without tabindex, label or scroll hint`).toEqual([]);
    });
  });
});

describe('on a 1280 px desktop', () => {
  test.each(pages.map((p) => [p || '(home)', p]))('%s: diagram text is at least 12 px and display equations fit the column', async (_label, path) => {
    await checkSettled(path, { viewport: DESKTOP }, async (page) => {
      const small = (await diagramTextSizes(page)).filter((t) => t.px < MIN_DIAGRAM_PX - 0.05);
      expect(small.slice(0, 8), `${path}: diagram text under ${MIN_DIAGRAM_PX} px`).toEqual([]);
      expect(await wideEquations(page), `${path}: equations that scroll sideways on a desktop`).toEqual([]);
    });
  });
});
