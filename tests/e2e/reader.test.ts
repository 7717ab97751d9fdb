// What a reader meets beyond the sweep: the softmax explorer's score boxes, the front page (title, logo, linked
// contents, the model picture), the 404 page, printing in a dark system theme, search excerpts without raw TeX and
// chapter 7's loss-chart ticks. (Minus signs in diagrams and table headers with text: the sweep, site.test.ts.)
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { getPreset } from '../../src/llm/config.ts';
import { countParameters, formatCount } from '../../src/llm/params.ts';
import { expectClean, openPage, sitemapPaths, useSite } from './harness.ts';

const { site, browser } = useSite();

const chapter2 = 'chapters/02-the-math-you-need/';

async function hydratedExplorer(page: Page): Promise<Locator> {
  const explorer = page.getByTestId('softmax-explorer').first();
  await explorer.scrollIntoViewIfNeeded();
  await page.locator('astro-island:not([ssr])').getByTestId('softmax-explorer').first().waitFor();
  return explorer;
}

const percents = async (explorer: Locator) => (await explorer.getByTestId('probability').allTextContents()).map((t) => Number.parseFloat(t));

/** Softmax in float64, the reference the explorer's percentages are compared with. */
function reference(scores: number[], temperature: number): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp((s - max) / temperature));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => (100 * e) / total);
}

describe('the softmax explorer keeps what is typed', () => {
  test('typing -3.5, -3, 0.5, "1." then 5, a blank and letters: the text stays, the numbers follow, problems are said once', async () => {
    const visit = await openPage(browser, site.url(chapter2));
    const { page } = visit;
    const explorer = await hydratedExplorer(page);
    const boxes = explorer.getByTestId('score');
    const errors = explorer.getByTestId('score-error');
    const last = boxes.nth(2);
    const scoresNow = async () => Promise.all([0, 1, 2].map(async (i) => Number((await boxes.nth(i).inputValue()).replace('−', '-'))));

    for (const typed of ['-3.5', '-3', '0.5']) {
      await last.fill('');
      await last.pressSequentially(typed);
      expect(await last.inputValue()).toBe(typed);
      const expected = reference(await scoresNow(), 1);
      (await percents(explorer)).forEach((p, i) => expect(p).toBeCloseTo(expected[i], 1));
    }
    await last.fill('');
    await last.pressSequentially('1.');
    expect(await last.inputValue()).toBe('1.');
    await last.pressSequentially('5');
    expect(await last.inputValue()).toBe('1.5');

    // Blank: kept blank while typing, the last valid score (1.5) still used, the message said on leaving the box.
    const before = await percents(explorer);
    await last.fill('');
    expect(await last.inputValue()).toBe('');
    expect(await percents(explorer)).toEqual(before);
    expect(await errors.nth(2).textContent()).toBe('');
    await last.press('Tab');
    await expect.poll(() => errors.nth(2).textContent()).toMatch(/Type a number; still using 1\.5/);
    expect(await last.getAttribute('aria-invalid')).toBe('true');

    await last.fill('abc');
    expect(await last.inputValue()).toBe('abc');
    await expect.poll(() => errors.nth(2).textContent()).toMatch(/“abc” is not a number/);
    expect(await percents(explorer)).toEqual(before);
    // One live region per box carries the message; nothing else on the widget repeats it.
    expect(await explorer.locator('[aria-live]').count()).toBe(3);
    expect(await explorer.getByText(/is not a number/).count()).toBe(1);

    // Arrow keys step from the last valid value.
    await last.fill('2');
    await last.press('ArrowUp');
    expect(await last.inputValue()).toBe('2.5');
    expect(await last.getAttribute('aria-invalid')).toBe('false');
    expectClean(visit);
    await visit.close();
  });

  test('at temperature 0, tied top scores share the probability evenly', async () => {
    const visit = await openPage(browser, site.url(chapter2));
    const explorer = await hydratedExplorer(visit.page);
    const boxes = explorer.getByTestId('score');
    await boxes.nth(0).fill('2');
    await boxes.nth(1).fill('2');
    await explorer.locator('input[type="range"]').fill('0');
    await expect.poll(() => percents(explorer)).toEqual([50, 50, 0]);
    await visit.close();
  });
});

describe('the front page', () => {
  const config = getPreset('book-small');
  test('its title says the book once, the logo is not read as a second title, and every contents card is a link', async () => {
    const visit = await openPage(browser, site.url(''));
    const { page } = visit;
    const title = await page.title();
    expect(title.match(/Next Token/g), title).toHaveLength(1);
    expect(await page.locator('.site-title img').first().getAttribute('alt')).toBe('');
    const cards = page.locator('#contents ~ * a.sl-link-card, .sl-link-card a').filter({ hasText: /./ });
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const path of sitemapPaths().filter((p) => p.startsWith('chapters/') || p === 'glossary/')) {
      expect(hrefs.filter((h) => h.endsWith(path)).length, `a link to ${path}`).toBeGreaterThan(0);
    }
    expect(await cards.count()).toBeGreaterThanOrEqual(10);
    expectClean(visit);
    await visit.close();
  });

  test("the hero's second half is the model picture, drawn from the config, beside the title on a desktop and below it on a phone", async () => {
    for (const [width, beside] of [[1280, true], [390, false]] as const) {
      const visit = await openPage(browser, site.url(''), { viewport: { width, height: 900 } });
      const { page } = visit;
      const picture = page.getByTestId('model-picture');
      const text = (await picture.textContent()) ?? '';
      expect(text).toContain(`${config.n_layer} transformer blocks`);
      expect(text).toContain(`each of ${formatCount(config.vocab_size)} tokens`);
      expect(text).toContain(`${formatCount(countParameters(config).total)} parameters`);
      const heading = await page.locator('h1').first().boundingBox();
      const box = await picture.boundingBox();
      expect(heading && box).toBeTruthy();
      if (beside) expect(box!.x).toBeGreaterThan(heading!.x + heading!.width - 1);
      else expect(box!.y).toBeGreaterThan(heading!.y + heading!.height);
      await visit.close();
    }
  });
});

test('the 404 page leads back into the book', async () => {
  const visit = await openPage(browser, site.url('no-such-page/'));
  expect(visit.response?.status()).toBe(404);
  const hrefs = await visit.page.locator('main a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs).toContain(`${site.base}chapters/01-the-big-picture/`);
  expect(hrefs).toContain(`${site.base}#contents`);
  await visit.close();
});

test('printing with a dark system theme gives light form fields on white paper', async () => {
  const visit = await openPage(browser, site.url(chapter2), { colorScheme: 'dark' });
  const { page } = visit;
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  const colours = await page.getByTestId('score').first().evaluate((el) => {
    const style = getComputedStyle(el);
    return { background: style.backgroundColor, color: style.color };
  });
  expect(colours).toEqual({ background: 'rgb(255, 255, 255)', color: 'rgb(0, 0, 0)' });
  await visit.close();
});

test('search excerpts show readable math once, never the TeX source', async () => {
  const visit = await openPage(browser, site.url(''));
  const { page } = visit;
  const open = page.locator('site-search button[data-open-modal]').first();
  await expect.poll(() => open.isEnabled()).toBe(true);
  await open.click();
  const input = page.locator('dialog[open] input').first();
  const excerpts = page.locator('.pagefind-ui__result-excerpt');
  // "pmatrix" and "mathbf" exist only in TeX source (KaTeX's annotation): no excerpt may show them. Pagefind
  // still answers such a query with loose matches elsewhere, so the excerpts are what is checked.
  for (const query of ['pmatrix', 'mathbf', 'softmax']) {
    await input.fill(query);
    await page.locator('.pagefind-ui__message').filter({ hasText: query }).waitFor({ timeout: 20_000 });
    for (const text of await excerpts.allTextContents()) {
      expect(text, query).not.toMatch(/pmatrix|mathbf|\\[a-zA-Z]+\{/);
    }
  }
  await visit.close();
});

test("chapter 7's loss chart: x ticks have thousands separators and none is clipped", async () => {
  const visit = await openPage(browser, site.url('chapters/07-training/'));
  const ticks = await visit.page.locator('.training-run__x-tick').evaluateAll((all) =>
    all.map((t) => {
      const svg = (t as SVGTextElement).ownerSVGElement!;
      const box = (t as SVGTextElement).getBBox();
      return { text: t.textContent ?? '', left: box.x, right: box.x + box.width, width: svg.viewBox.baseVal.width };
    }),
  );
  expect(ticks.length).toBeGreaterThan(2);
  for (const t of ticks) {
    expect(t.text).toMatch(/^\d{1,3}(,\d{3})*$/);
    expect(t.left, t.text).toBeGreaterThanOrEqual(0);
    expect(t.right, t.text).toBeLessThanOrEqual(t.width);
  }
  await visit.close();
});
