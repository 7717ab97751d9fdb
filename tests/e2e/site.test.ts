// The sweep: every page of the sub-path build, checked in a real browser, plus the site-wide features
// (island hydration, theme toggle, search, favicon and social card) and the book's key figures.
//
// Accessibility: axe runs on every page with every rule enabled; a serious or critical violation fails
// the test. No rule is disabled. One violation on one element of Starlight's own markup is waived
// (THIRD_PARTY_WAIVERS below, also in docs/decisions.md): anything else, including the same rule on our
// own elements, still fails.
import AxeBuilder from '@axe-core/playwright';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { BASE_PATH, DIST_DIR, REPO_ROOT, expectClean, openPage, scrollThrough, sitemapPaths, useSite } from './harness.ts';

/** Axe rule id -> why it is off. Empty: every rule runs. */
const DISABLED_AXE_RULES: Record<string, string> = {};

/** Violations of one rule on one element we do not own, with the reason. */
const THIRD_PARTY_WAIVERS = [
  {
    rule: 'label-content-name-mismatch',
    target: 'button[data-open-modal]',
    why:
      "Starlight's search button: its accessible name is \"Search\" while its visible text adds the shortcut " +
      '"Ctrl K". The name still starts with the visible word, so speech users can say "click Search" (WCAG 2.5.3 ' +
      'intent); the markup belongs to @astrojs/starlight.',
  },
];

function waived(rule: string, target: string): boolean {
  return THIRD_PARTY_WAIVERS.some((w) => w.rule === rule && target.replace(/=""/g, '') === w.target);
}

const pages = sitemapPaths();
const CONTENT_DIR = join(REPO_ROOT, 'src', 'content', 'docs');

const { site, browser } = useSite();

/** The .md/.mdx source of a built page ('' -> index.mdx), or null for generated pages. */
function sourceOf(path: string): string | null {
  const slug = path.replace(/\/$/, '') || 'index';
  for (const candidate of [`${slug}.mdx`, `${slug}.md`, `${slug}/index.mdx`, `${slug}/index.md`]) {
    const file = join(CONTENT_DIR, candidate);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return null;
}

/** Does this Markdown use remark-math syntax ($...$ or $$...$$) outside code and import lines? */
export function hasMath(source: string): boolean {
  const prose = source
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1/gm, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/^(import|export) .*$/gm, '')
    .replace(/\\\$/g, '');
  return /\$\$[\s\S]+?\$\$/.test(prose) || /\$[^$\n]+\$/.test(prose);
}

/** Rules of lower impact that the book still keeps to everywhere. */
const ALSO_ENFORCED = ['empty-table-header'];

/** Axe's serious and critical violations on the page (and those of ALSO_ENFORCED), less the waivers, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).disableRules(Object.keys(DISABLED_AXE_RULES)).analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALSO_ENFORCED.includes(v.id))
    .flatMap((v) => v.nodes.map((node) => ({ v, target: node.target.join(' ') })))
    .filter(({ v, target }) => !waived(v.id, target))
    .map(({ v, target }) => `${v.impact} ${v.id}: ${v.help} at ${target}`);
}

/** Scroll through the whole page so every client:visible island hydrates, then let the network settle (bounded). */
async function settle(page: Page): Promise<void> {
  await scrollThrough(page);
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
}

describe('every page in the sitemap', () => {
  test('the sitemap lists the home page and all ten chapters', () => {
    expect(pages).toContain('');
    expect(pages.filter((p) => p.startsWith('chapters/'))).toHaveLength(10);
  });

  test.each(pages.map((p) => [p || '(home)', p]))('%s: loads cleanly, passes axe, renders math', async (_label, path) => {
    const visit = await openPage(browser, site.url(path));
    const { page } = visit;
    expect(visit.response?.status()).toBe(200);
    await settle(page);
    await expect(page.locator('h1').first().textContent()).resolves.toMatch(/\S/);

    const source = sourceOf(path);
    if (source !== null && hasMath(source)) {
      expect(await page.locator('.katex').count(), `${path}: source has math but no KaTeX output`).toBeGreaterThan(0);
      expect(await page.locator('.katex-error').count(), `${path}: KaTeX reported a parse error`).toBe(0);
    }

    expect(await seriousViolations(page), `${path}: axe violations`).toEqual([]);
    const hyphens = await page.locator('figure svg text').evaluateAll((all) => all.map((t) => t.textContent ?? '').filter((t) => /(^|[\s(])-\d/.test(t)));
    expect(hyphens, `${path}: diagrams with a hyphen for a minus sign`).toEqual([]);

    // Every link to a page of the book stays under the base path.
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => !href.startsWith(site.base)), `${path}: root-relative links outside ${site.base}`).toEqual([]);

    expectClean(visit);
    await visit.close();
  });

  // Phone widths: one pass per page and width, the theme alternating between pages and widths so that both
  // themes are covered at both widths across the book without running the full matrix (CI has two cores).
  const narrow = pages.flatMap((p, i) =>
    [390, 320].map((width, j) => [p || '(home)', p, width, (i + j) % 2 === 0 ? 'dark' : 'light'] as const),
  );
  test.each(narrow)('%s at %i px, %s theme: loads cleanly and passes axe', async (_label, path, width, theme) => {
    const visit = await openPage(browser, site.url(path), { viewport: { width, height: 844 }, colorScheme: theme });
    const { page } = visit;
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    expect(await seriousViolations(page), `${path} at ${width} px (${theme}): axe violations`).toEqual([]);
    expectClean(visit);
    await visit.close();
  });

  test.each(pages.map((p) => [p || '(home)', p]))('%s: reads with JavaScript disabled', async (_label, path) => {
    const visit = await openPage(browser, site.url(path), { javaScript: false });
    const { page } = visit;
    await expect(page.locator('h1').first().isVisible()).resolves.toBe(true);
    const text = (await page.locator('main').innerText()).trim();
    expect(text.length, `${path}: main text`).toBeGreaterThan(80);
    const source = sourceOf(path);
    if (source !== null && hasMath(source)) {
      // Some equations may sit in collapsed <details>; at least one must be visible as typeset math.
      expect(await page.locator('.katex-html').filter({ visible: true }).count(), `${path}: math visible without JS`).toBeGreaterThan(0);
    }
    expectClean(visit);
    await visit.close();
  });
});

describe('site features', () => {
  const chapter2 = 'chapters/02-the-math-you-need/';

  test('chapter 2 has math, and its softmax island hydrates and reacts to the temperature', async () => {
    expect(hasMath(sourceOf(chapter2) ?? '')).toBe(true);
    const visit = await openPage(browser, site.url(chapter2));
    const { page } = visit;
    expect(await page.locator('.katex').count()).toBeGreaterThan(0);
    const explorer = page.getByTestId('softmax-explorer');
    await explorer.scrollIntoViewIfNeeded();
    await page.locator('astro-island:not([ssr])').getByTestId('softmax-explorer').waitFor();
    const probabilities = explorer.getByTestId('probability');
    const before = await probabilities.allTextContents();
    expect(before.length).toBeGreaterThan(1);
    await explorer.locator('input[type="range"]').fill('3');
    await expect.poll(() => probabilities.allTextContents()).not.toEqual(before);
    const after = (await probabilities.allTextContents()).map((t) => Number.parseFloat(t));
    // A higher temperature flattens the distribution: the top probability must drop.
    expect(Math.max(...after)).toBeLessThan(Math.max(...before.map((t) => Number.parseFloat(t))));
    expectClean(visit);
    await visit.close();
  });

  test('without JavaScript the island still shows its table of probabilities', async () => {
    const visit = await openPage(browser, site.url(chapter2), { javaScript: false });
    await expect(visit.page.getByTestId('probability').first().isVisible()).resolves.toBe(true);
    await visit.close();
  });

  test('the favicon and the social card resolve under the base path', async () => {
    const visit = await openPage(browser, site.url(''));
    const icon = await visit.page.locator('link[rel~="icon"]').first().getAttribute('href');
    const card = await visit.page.locator('meta[property="og:image"]').getAttribute('content');
    await visit.close();
    expect(icon).toMatch(new RegExp(`^${site.base}`));
    const iconResponse = await fetch(site.origin + icon);
    expect(iconResponse.status).toBe(200);
    expect(iconResponse.headers.get('content-type')).toBe('image/svg+xml');

    const cardPath = new URL(card ?? '').pathname;
    expect(cardPath).toBe(`${site.base}social-card.png`);
    const cardResponse = await fetch(site.origin + cardPath);
    expect(cardResponse.status).toBe(200);
    expect(cardResponse.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await cardResponse.arrayBuffer());
    expect([png.readUInt32BE(16), png.readUInt32BE(20)], 'social card size').toEqual([1200, 630]);
  });

  test('the theme select switches between dark and light, and the choice persists', async () => {
    const visit = await openPage(browser, site.url(''), { colorScheme: 'light' });
    const { page } = visit;
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await theme()).toBe('light');
    const lightBackground = await background();
    const select = page.locator('starlight-theme-select select').first();
    await select.selectOption('dark');
    expect(await theme()).toBe('dark');
    expect(await background()).not.toBe(lightBackground);
    await page.reload();
    expect(await theme()).toBe('dark');
    await page.locator('starlight-theme-select select').first().selectOption('light');
    expect(await theme()).toBe('light');
    expectClean(visit);
    await visit.close();
  });

  test('Pagefind search finds "softmax" and links under the base path', async () => {
    const visit = await openPage(browser, site.url(''));
    const { page } = visit;
    const open = page.locator('site-search button[data-open-modal]').first();
    await expect.poll(() => open.isEnabled()).toBe(true);
    await open.click();
    await page.locator('dialog[open] input').first().fill('softmax');
    const results = page.locator('.pagefind-ui__result-link');
    await results.first().waitFor({ timeout: 20_000 });
    const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href.startsWith(site.base), href).toBe(true);
    expectClean(visit);
    await visit.close();
  });
});

describe('the key figures of the book', () => {
  // Parameter counts the chapters quote (GPT-2 small and GPT-3 175B, computed by src/llm/params.ts).
  const FIGURES = ['617,558,016', '14,495,514,624', '57,982,058,496', '175,181,291,520', '27,938', '124,439,808'];

  test('each figure appears in at least one built chapter page', () => {
    const chaptersDir = join(DIST_DIR, 'chapters');
    const chapters = readdirSync(chaptersDir).filter((name) => existsSync(join(chaptersDir, name, 'index.html')));
    const texts = chapters.map((name) => {
      const html = readFileSync(join(chaptersDir, name, 'index.html'), 'utf8');
      // Visible text plus KaTeX's TeX annotations, where a figure may be written 175{,}181{,}291{,}520.
      return html.replace(/<[^>]+>/g, ' ').replace(/\{,\}/g, ',').replace(/&nbsp;|\s+/g, ' ');
    });
    const found = Object.fromEntries(FIGURES.map((f) => [f, chapters.filter((_, i) => texts[i].includes(f))]));
    const missing = FIGURES.filter((f) => found[f].length === 0);
    expect(missing, `figures missing from every chapter (found: ${JSON.stringify(found)})`).toEqual([]);
  });
});

describe('the built HTML', () => {
  /** Every .html file under the build, as paths relative to it. */
  function htmlFiles(dir = DIST_DIR): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return htmlFiles(full);
      return entry.name.endsWith('.html') ? [relative(DIST_DIR, full)] : [];
    });
  }

  test('every local href and src of every page (the 404 page too) is a file of the build under the base', () => {
    const problems: string[] = [];
    const files = htmlFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const html = readFileSync(join(DIST_DIR, file), 'utf8').replace(/<code[\s\S]*?<\/code>/g, '');
      const pageUrl = new URL(BASE_PATH + file.replace(/index\.html$/, ''), 'http://site.invalid');
      for (const [, attribute, raw] of html.matchAll(/\s(href|src|srcset)="([^"]*)"/g)) {
        const values = attribute === 'srcset' ? raw.split(',').map((part) => part.trim().split(/\s+/)[0]) : [raw];
        for (const value of values.map((v) => v.replace(/&amp;/g, '&'))) {
          if (value === '' || value.startsWith('#') || /^(mailto|data|blob|javascript):/.test(value)) continue;
          const url = new URL(value, pageUrl);
          // Links to other sites are for the reader to follow; what a page loads is checked in the next test.
          if (url.origin !== pageUrl.origin) continue;
          if (!url.pathname.startsWith(BASE_PATH)) {
            problems.push(`${file}: ${attribute}="${value}" is outside ${BASE_PATH}`);
            continue;
          }
          const target = join(DIST_DIR, decodeURIComponent(url.pathname.slice(BASE_PATH.length)));
          const exists = existsSync(target) && (statSync(target).isFile() || existsSync(join(target, 'index.html')));
          if (!exists) problems.push(`${file}: ${attribute}="${value}" -> ${relative(DIST_DIR, target) || '.'} is not in the build`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('nothing is loaded from another origin: no src, srcset, stylesheet, script or preload on another host', () => {
    const foreign: string[] = [];
    for (const file of htmlFiles()) {
      const html = readFileSync(join(DIST_DIR, file), 'utf8').replace(/<code[\s\S]*?<\/code>/g, '');
      for (const [tag] of html.matchAll(/<(?:img|script|iframe|source|video|audio|link)\b[^>]*>/g)) {
        const isLoadedLink = !tag.startsWith('<link') || /\srel="(?:stylesheet|preload|modulepreload|icon|shortcut icon|manifest|prefetch)"/.test(tag);
        const urls = [...tag.matchAll(/\s(?:src|href|srcset)="([^"]*)"/g)].map((m) => m[1]);
        if (isLoadedLink && urls.some((u) => /^(https?:)?\/\//.test(u.trim()))) foreign.push(`${file}: ${tag}`);
      }
    }
    expect(foreign).toEqual([]);
  });
});
