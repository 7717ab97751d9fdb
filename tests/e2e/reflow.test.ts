// Reflow (WCAG 1.4.10) and readable diagrams: every page of the sitemap (and the 404 page) at 320 px wide
// shows everything without sideways page scrolling, wide tables and equations scroll inside their own box,
// display equations fit a desktop column, and diagram text is at least 12 px on a 390 px phone.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openPage, PageStuckError, scrollThrough, sitemapPaths, useSite, type OpenPageOptions, type Visit } from './harness.ts';

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

/**
 * Opens a page, scrolls through it so every island hydrates (they change widths), then waits for them and the web
 * fonts. A page that stops answering while it settles (seen once on a loaded two-core CI machine, on a page that
 * settles in two seconds otherwise) is opened once more in a fresh context, with a warning; a second hang fails.
 */
async function settledVisit(path: string, options: OpenPageOptions): Promise<Visit> {
  for (let attempt = 1; ; attempt++) {
    const visit = await openPage(browser, site.url(path), options);
    try {
      await scrollThrough(visit.page, { fonts: true });
      // A hydrated island drops its `ssr` attribute; the model download that follows does not change any width.
      await visit.page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, undefined, { timeout: 20_000 }).catch(() => {});
      await visit.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      return visit;
    } catch (error) {
      await visit.close().catch(() => {});
      if (!(error instanceof PageStuckError) || attempt === 2) throw error;
      process.stderr.write(`warning: ${error.message} Opening it again.\n`);
    }
  }
}

describe('at 320 px wide (400% zoom) nothing needs the page to scroll sideways', () => {
  test.each(pages.map((p) => [p || '(home)', p]))('%s', async (_label, path) => {
    const visit = await settledVisit(path, { viewport: NARROW, colorScheme: 'dark' });
    const { page } = visit;
    expect(await overflowing(page), `${path}: sticks out at 320 px`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await visit.close();
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
    const visit = await settledVisit(path, { viewport: PHONE });
    const small = (await diagramTextSizes(visit.page)).filter((t) => t.px < MIN_DIAGRAM_PX - 0.05);
    expect(small.slice(0, 8), `${path}: diagram text under ${MIN_DIAGRAM_PX} px`).toEqual([]);
    const bad = (await scrollBoxes(visit.page)).filter((s) => !s.focusable || !s.labelled || !s.hint);
    expect(bad, `${path}: scrolling boxes without tabindex, label or scroll hint`).toEqual([]);
    await visit.close();
  });
});

describe('on a 1280 px desktop', () => {
  test.each(pages.map((p) => [p || '(home)', p]))('%s: diagram text is at least 12 px and display equations fit the column', async (_label, path) => {
    const visit = await settledVisit(path, { viewport: DESKTOP });
    const small = (await diagramTextSizes(visit.page)).filter((t) => t.px < MIN_DIAGRAM_PX - 0.05);
    expect(small.slice(0, 8), `${path}: diagram text under ${MIN_DIAGRAM_PX} px`).toEqual([]);
    expect(await wideEquations(visit.page), `${path}: equations that scroll sideways on a desktop`).toEqual([]);
    await visit.close();
  });
});
