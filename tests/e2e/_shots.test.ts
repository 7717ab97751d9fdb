import { test } from 'vitest';
import { launchBrowser, openPage, startServer } from './harness.ts';
test('shots', async () => {
  const site = await startServer();
  const browser = await launchBrowser();
  for (const [w, h] of [[1280, 800], [390, 844]] as const) for (const scheme of ['light', 'dark'] as const) {
    const v = await openPage(browser, site.url('glossary/'), { viewport: { width: w, height: h }, colorScheme: scheme });
    await v.page.screenshot({ path: `/tmp/shots/glossary-${w}-${scheme}.png` });
    await v.page.locator('h2#r').scrollIntoViewIfNeeded();
    await v.page.screenshot({ path: `/tmp/shots/glossary-r-${w}-${scheme}.png` });
    await v.close();
    const c = await openPage(browser, site.url('chapters/04-attention/'), { viewport: { width: w, height: h }, colorScheme: scheme });
    const link = c.page.locator('.sl-markdown-content a[href$="glossary/#attention"]').first();
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await c.page.waitForTimeout(300);
    await c.page.screenshot({ path: `/tmp/shots/popover-${w}-${scheme}.png` });
    await c.close();
    const g = await openPage(browser, site.url('chapters/06-next-token/'), { viewport: { width: w, height: h }, colorScheme: scheme });
    const guess = g.page.locator('.guess').first();
    await guess.scrollIntoViewIfNeeded();
    await guess.locator('button.guess__show').waitFor();
    await g.page.screenshot({ path: `/tmp/shots/guess-before-${w}-${scheme}.png` });
    await guess.locator('input[type=radio]').nth(1).check();
    await guess.locator('button.guess__show').click();
    await guess.getByText('computed just now').waitFor({ timeout: 120000 });
    await guess.screenshot({ path: `/tmp/shots/guess-after-${w}-${scheme}.png` });
    await g.close();
  }
  const m = await openPage(browser, site.url('chapters/08-counting-parameters/'), { viewport: { width: 390, height: 844 } });
  await m.page.locator('h2#the-math').scrollIntoViewIfNeeded();
  await m.page.screenshot({ path: `/tmp/shots/ch8-math-390.png` });
  await m.close();
  await browser.close(); await site.close();
}, 600000);
