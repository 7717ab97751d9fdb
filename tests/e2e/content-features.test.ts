// Chapter features of the second edition, in a real browser: glossary links open their definition in place
// (keyboard, Escape, focus back; without JavaScript they still lead to the glossary), the glossary's A–Z bar, and
// "guess first" questions, including the model question answered live by the page's model worker and compared
// with the ranking the build precomputed (its no-JS answer).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectClean, launchBrowser, openPage, startServer, type Site } from './harness.ts';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  site = await startServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('glossary popover', () => {
  test('a click shows the definition in place; Escape closes it and gives focus back to the link', async () => {
    const visit = await openPage(browser, site.url('chapters/04-attention/'));
    const { page } = visit;
    const link = page.locator('.sl-markdown-content a[href$="glossary/#attention"]').first();
    await link.click();
    const popover = page.locator('#glossary-popover');
    await expect.poll(() => popover.isVisible()).toBe(true);
    expect(page.url()).toContain('chapters/04-attention/');
    expect(await popover.getAttribute('role')).toBe('dialog');
    expect(await popover.locator('.glossary-popover-title').textContent()).toBe('Attention');
    expect(await popover.textContent()).toContain('exchange information');
    // Links inside the definition lead where they did on the glossary page (they were rewritten for this page).
    const chapterLink = await popover.locator('.glossary-popover-title ~ p a').first().evaluate((a) => (a as HTMLAnchorElement).href);
    expect(chapterLink).toBe(site.url('chapters/04-attention/'));
    expect(await popover.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await popover.count()).toBe(0);
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await link.getAttribute('aria-expanded')).toBe('false');
    // Keyboard: Enter on the focused link opens it again; the close button closes it.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#glossary-popover').isVisible()).toBe(true);
    await page.locator('.glossary-popover-close').click();
    expect(await page.locator('#glossary-popover').count()).toBe(0);
    expectClean(visit);
    await visit.close();
  }, 60_000);

  test('without JavaScript a glossary link goes to the glossary entry', async () => {
    const visit = await openPage(browser, site.url('chapters/04-attention/'), { javaScript: false });
    const { page } = visit;
    await page.locator('.sl-markdown-content a[href$="glossary/#attention"]').first().click();
    await page.waitForURL(/glossary\/#attention$/);
    expect(await page.locator('dt#attention').textContent()).toBe('Attention');
    await visit.close();
  }, 60_000);

  test('the glossary has an A–Z bar whose letters lead to their sections, and compact entries', async () => {
    const visit = await openPage(browser, site.url('glossary/'));
    const { page } = visit;
    const letters = await page.locator('.glossary-az a').allTextContents();
    expect(letters.length).toBeGreaterThan(15);
    for (const letter of letters) expect(await page.locator(`h2#${letter.toLowerCase()}`).count(), letter).toBe(1);
    expect(await page.locator('h3').count()).toBe(0);
    expect(await page.locator('.glossary-list dt').count()).toBeGreaterThan(70);
    expectClean(visit);
    await visit.close();
  }, 60_000);
});

describe('guess first', () => {
  test('without JavaScript the answer waits in a <details>', async () => {
    const visit = await openPage(browser, site.url('chapters/07-training/'), { javaScript: false });
    const { page } = visit;
    const guess = page.locator('.guess').first();
    expect(await guess.locator('details summary').textContent()).toBe('Show answer');
    expect(await guess.locator('details .guess__body').isVisible()).toBe(false);
    await guess.locator('summary').click();
    expect(await guess.locator('details .guess__body').textContent()).toContain(`Answer: ${(-Math.log(0.01)).toFixed(1)}`);
    await visit.close();
  }, 60_000);

  test('a number guess is typed, the answer shown by keyboard, and the verdict compares them', async () => {
    const visit = await openPage(browser, site.url('chapters/07-training/'));
    const { page } = visit;
    const guess = page.locator('.guess').first();
    await guess.scrollIntoViewIfNeeded();
    const button = guess.locator('button.guess__show');
    await button.waitFor();
    await guess.locator('input').fill('4.5');
    await button.focus();
    await page.keyboard.press('Enter');
    const verdict = guess.locator('.guess__verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toBe('You guessed 4.5; the answer is 4.6: within 10%, close enough.');
    expect(await guess.locator('.guess__answer').evaluate((el) => el === document.activeElement)).toBe(true);
    expectClean(visit);
    await visit.close();
  }, 60_000);

  test("chapter 6's model question is answered live by the model, the same ranking the build precomputed", async () => {
    const noJs = await openPage(browser, site.url('chapters/06-next-token/'), { javaScript: false });
    const built = await noJs.page.locator('.guess').first().locator('.guess__ranking li .guess__token').allTextContents();
    await noJs.close();
    expect(built.length).toBe(4);

    const visit = await openPage(browser, site.url('chapters/06-next-token/'));
    const { page } = visit;
    const guess = page.locator('.guess').first();
    await guess.scrollIntoViewIfNeeded();
    await guess.locator('button.guess__show').waitFor();
    const radios = guess.locator('input[type="radio"]');
    expect(await radios.count()).toBe(4);
    const offered = await guess.locator('.guess__choice .guess__token').allTextContents();
    expect([...offered].sort()).toEqual([...built].sort());
    await radios.nth(0).check();
    await guess.locator('button.guess__show').click();
    await guess.getByText('computed just now by the model in your browser').waitFor({ timeout: 120_000 });
    const live = await guess.locator('.guess__ranking li .guess__token').allTextContents();
    expect(live).toEqual(built);
    expect(await guess.locator('.guess__verdict').textContent()).toMatch(/^You picked /);
    expectClean(visit);
    await visit.close();
  }, 180_000);
});
