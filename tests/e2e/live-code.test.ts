// Live code blocks in a real browser, on chapter 2 (or the first page with a <LiveCode> block): run,
// edit, persistence and reset, the time limit, error reporting, keyboard-only use, and a model run that
// must agree with `npm run llm` for the same prompt.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DIST_DIR, expectClean, openPage, REPO_ROOT, sitemapPaths, useSite, type Visit } from './harness.ts';

/** Chapter 2 when it has a live block (it should), else the first page of the sitemap that has one. */
function pageWithBlock(): string {
  const has = (path: string) => readFileSync(join(DIST_DIR, path, 'index.html'), 'utf8').includes('data-live-code');
  const paths = sitemapPaths();
  const page = ['chapters/02-the-math-you-need/', ...paths].find((p) => paths.includes(p) && has(p));
  if (!page) throw new Error('No page of the build has a <LiveCode> block; the live-code e2e needs one (chapter 2).');
  return page;
}

const PAGE = pageWithBlock();

const { site, browser } = useSite();

/** The first live block of the page and its parts. */
function block(page: Page) {
  const root = page.locator('[data-live-code]').first();
  return {
    root,
    run: root.locator('[data-live="run"]'),
    edit: root.locator('[data-live="edit"]'),
    reset: root.locator('[data-live="reset"]'),
    output: root.locator('[data-live="output"]'),
    content: root.locator('.cm-content'),
  };
}

/** Clicks Run (or presses the keys given) and waits until that run has ended; returns the output's lines. */
async function runAndWait(root: Locator, start: () => Promise<void>, timeout = 60_000): Promise<string[]> {
  const before = Number((await root.getAttribute('data-runs')) ?? 0);
  await start();
  await expect.poll(async () => Number((await root.getAttribute('data-runs')) ?? 0), { timeout }).toBe(before + 1);
  return root.locator('.live-code__line').allTextContents();
}

/** Replaces the editor's code the way a reader would: select all, type. */
async function typeCode(page: Page, content: Locator, code: string): Promise<void> {
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

async function visit(): Promise<Visit> {
  const v = await openPage(browser, site.url(PAGE));
  await v.page.locator('[data-live-code] [data-live="bar"]:not([hidden])').first().waitFor();
  return v;
}

describe('live code blocks', () => {
  test('the page has at least one block, readable as plain code before anything loads', async () => {
    const v = await visit();
    const { root, content } = block(v.page);
    const example = await root.getAttribute('data-example');
    const source = readFileSync(join(REPO_ROOT, 'src', 'examples', `${example}.ts`), 'utf8');
    // The static Expressive Code block holds the example's code (search and copy work on it).
    const shown = await root.locator('[data-live="static"] pre').innerText();
    expect(shown.replace(/\s+/g, ' ').trim()).toContain(source.split('\n')[0].replace(/\s+/g, ' ').trim());
    // Nothing heavy yet: no CodeMirror chunk, no live-code worker (it carries sucrase and loads TF.js).
    await v.page.waitForLoadState('networkidle');
    expect(await content.count()).toBe(0);
    expect(site.requests.map((r) => r.path).filter((p) => /\/_astro\/editor\.[\w-]+\.js$/.test(p))).toEqual([]);
    expect(await v.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\/worker-[\w-]+\.js$/.test(n)))).toEqual([]);
    // ... and it does load on the first Run.
    await runAndWait(root, () => root.locator('[data-live="run"]').click(), 120_000);
    expect(site.requests.some((r) => /\/_astro\/editor\.[\w-]+\.js$/.test(r.path))).toBe(true);
    expect(site.requests.some((r) => /\/_astro\/worker-[\w-]+\.js$/.test(r.path))).toBe(true);
    expectClean(v);
    await v.close();
  });

  test('Run shows the output of the example; an edit re-runs with the new code', async () => {
    const v = await visit();
    const { root, run, content } = block(v.page);
    const lines = await runAndWait(root, () => run.click());
    expect(lines.some((l) => /^(Error|TypeError|SyntaxError|RangeError|Uncaught)/.test(l))).toBe(false);
    expect(lines.at(-1)).toMatch(/^Finished in \d+(\.\d+)? (ms|s) on (webgpu|wasm|webgl|cpu)\.$/);
    expect(lines.length).toBeGreaterThan(1);

    await typeCode(v.page, content, 'console.log("hello from the edit");\nconst t = tf.tensor1d([1, 2, 3]);\nt.mul(2)');
    const edited = await runAndWait(root, () => v.page.keyboard.press('ControlOrMeta+Enter'));
    expect(edited[0]).toBe('hello from the edit');
    expect(edited[1]).toBe('Tensor float32 [3]\n[2, 4, 6]');
    expectClean(v);
    await v.close();
  });

  test('?backend= is read as the widgets read it: any case, and an unknown name falls back and says so', async () => {
    for (const [query, want, note] of [
      ['?backend=WASM', 'wasm', false],
      ['?backend=bogus', '(webgpu|wasm|webgl|cpu)', true],
    ] as const) {
      const v = await openPage(browser, site.url(`${PAGE}${query}`));
      await v.page.locator('[data-live-code] [data-live="bar"]:not([hidden])').first().waitFor();
      const { root, run } = block(v.page);
      const lines = await runAndWait(root, () => run.click());
      expect(lines.at(-1)).toMatch(new RegExp(`^Finished in \\d+(\\.\\d+)? (ms|s) on ${want}\\.$`));
      expect(lines.some((l) => /Not run|Unknown backend/.test(l))).toBe(false);
      expect(lines.includes('Ignored ?backend=bogus: use webgpu, wasm, webgl or cpu.')).toBe(note);
      expectClean(v);
      await v.close();
    }
  });

  test('an edit survives a reload, and Reset brings back the original', async () => {
    const v = await visit();
    const { root, edit, reset, content } = block(v.page);
    const original = await root.getAttribute('data-source');
    await edit.click();
    await typeCode(v.page, content, '// my version\n1 + 1');
    await expect.poll(() => reset.isVisible(), { timeout: 10_000 }).toBe(true);
    await v.page.waitForTimeout(400); // saving is debounced
    await v.page.waitForLoadState('networkidle'); // a reload must not abort the page's own requests
    await v.page.reload();
    const again = block(v.page);
    await again.content.waitFor();
    expect(await again.content.innerText()).toContain('// my version');
    expect(await again.reset.isVisible()).toBe(true);
    await v.page.waitForLoadState('networkidle');
    await again.reset.click();
    await expect.poll(async () => (await again.content.innerText()).replace(/\s+/g, ''), { timeout: 10_000 }).toBe(original!.replace(/\s+/g, ''));
    expect(await again.reset.isVisible()).toBe(false);
    await v.page.waitForLoadState('networkidle');
    await v.page.reload();
    await block(v.page).root.locator('[data-live="bar"]:not([hidden])').waitFor();
    expect(await block(v.page).content.count()).toBe(0); // nothing saved: the light static view again
    expectClean(v);
    await v.close();
  });

  test('an endless loop is stopped at the time limit, the page stays responsive, the next run works', async () => {
    const v = await visit();
    const { root, run, content } = block(v.page);
    const limit = Number(await root.getAttribute('data-timeout'));
    await runAndWait(root, () => run.click()); // boots the worker with the example itself
    await typeCode(v.page, content, 'let i = 0;\nwhile (true) { i++; }');
    let started = 0;
    const lines = await runAndWait(
      root,
      async () => {
        started = Date.now();
        await run.click();
        await v.page.waitForTimeout(Math.min(1000, limit / 2));
        // The page's own thread answers at once while the worker spins.
        const t0 = Date.now();
        expect(await v.page.evaluate(() => 6 * 7)).toBe(42);
        expect(Date.now() - t0).toBeLessThan(1000);
        await v.page.locator('h1').click();
        expect(await root.getAttribute('data-running')).toBe('');
      },
      limit + 15_000,
    );
    const took = Date.now() - started;
    expect(lines.join('\n')).toMatch(/Stopped: the code ran longer than this block's limit/);
    expect(took).toBeGreaterThanOrEqual(limit - 50);
    expect(took).toBeLessThan(limit + 10_000); // limit + a fresh worker's boot at most
    await typeCode(v.page, content, '"still works"');
    expect(await runAndWait(root, () => run.click())).toContain("'still works'");
    expectClean(v);
    await v.close();
  });

  test('errors of every kind end as a readable line in the panel', async () => {
    const v = await visit();
    const { root, edit, run, content } = block(v.page);
    await edit.click();
    const cases: [string, RegExp][] = [
      ['const a = 1;\nconst b = ;', /^SyntaxError on line 2: /],
      ['const a = 1;\n\nconst b = (null as any).x;', /^TypeError on line 3: .*null/],
      ['const a = tf.ones([2, 3]);\ntf.matMul(a, a)', /^Error on line 2: .*(inner|shape)/i],
      ['throw 42', /^Uncaught: 42 \(a value was thrown that is not an Error\)$/],
      ['throw { code: 7 }', /^Uncaught: \{ code: 7 \}/],
      ['document.body', /^ReferenceError on line 1: document is not defined$/],
      ['window.alert("hi")', /^ReferenceError on line 1: window is not defined$/],
      ['new Array(1e10)', /^RangeError on line 1: Invalid array length$/],
      ['Promise.reject(new Error("nobody waits"));\n"done"', /nobody waits \(after the run had finished\)$/],
    ];
    for (const [code, expected] of cases) {
      await typeCode(v.page, content, code);
      await runAndWait(root, () => run.click());
      await expect.poll(async () => (await root.locator('.live-code__line').allTextContents()).join('\n'), { timeout: 10_000 }).toMatch(
        new RegExp(expected.source, `${expected.flags}m`),
      );
    }
    // Code that vandalises the worker's globals spoils nothing for the next run.
    await typeCode(v.page, content, 'self.onmessage = null;\nself.postMessage = () => {};\nconsole.log = () => {};\n"vandal"');
    expect(await runAndWait(root, () => run.click())).toContain("'vandal'");
    await typeCode(v.page, content, 'console.log("after");\n"still fine"');
    expect(await runAndWait(root, () => run.click())).toEqual(['after', "'still fine'", expect.stringMatching(/^Finished in /)]);
    expectClean(v);
    await v.close();
  });

  test('if the editor cannot load, Run still runs the code as shown', async () => {
    const v = await openPage(browser, site.url(PAGE));
    await v.page.route(/\/_astro\/editor\.[\w-]+\.js$/, (route) => route.abort());
    const { root, run } = block(v.page);
    await root.locator('[data-live="bar"]:not([hidden])').waitFor();
    const lines = await runAndWait(root, () => run.click(), 120_000);
    expect(lines[0]).toMatch(/^The editor could not load/);
    expect(lines.at(-1)).toMatch(/^Finished in /);
    expect(await root.locator('[data-live="static"]').isVisible()).toBe(true);
    expect(v.pageErrors).toEqual([]); // the failed chunk is reported in the panel, not thrown
    await v.close();
  });

  test('keyboard only: Edit, Ctrl/Cmd+Enter, Escape then Tab to Run, Shift+Tab back', async () => {
    const v = await visit();
    const { root, edit } = block(v.page);
    const inEditor = () => v.page.evaluate(() => !!document.activeElement?.closest('.cm-content'));
    await edit.focus();
    await v.page.keyboard.press('Enter');
    await expect.poll(inEditor, { timeout: 15_000 }).toBe(true);
    await v.page.keyboard.press('ControlOrMeta+a');
    await v.page.keyboard.type('2 ** 10');
    expect(await runAndWait(root, () => v.page.keyboard.press('ControlOrMeta+Enter'))).toContain('1024');
    // Tab indents inside the editor ...
    await v.page.keyboard.press('Tab');
    expect(await inEditor()).toBe(true);
    // ... Escape then Tab moves on to the block's Run button, and Enter runs from there.
    await v.page.keyboard.press('Escape');
    await v.page.keyboard.press('Tab');
    expect(await v.page.evaluate(() => document.activeElement?.getAttribute('data-live'))).toBe('run');
    expect(await runAndWait(root, () => v.page.keyboard.press('Enter'))).toContain('1024');
    // Ctrl/Cmd+Enter works from the buttons too, and runs once.
    expect(await runAndWait(root, () => v.page.keyboard.press('ControlOrMeta+Enter'))).toContain('1024');
    await v.page.waitForTimeout(300);
    expect(await root.getAttribute('data-runs')).toBe('3');
    await v.page.keyboard.press('Shift+Tab');
    expect(await inEditor()).toBe(true);
    expect(await root.locator('[data-live="output"]').getAttribute('aria-live')).toBe('polite');
    expect(await root.locator('.cm-content').getAttribute('aria-label')).toMatch(/^Code of .*\.ts, editable$/);
    expectClean(v);
    await v.close();
  });
});

// The largest model the site ships (book-small when trained, else book-tiny): the one `book` uses by default.
const MODEL = ['book-small', 'book-tiny'].find((name) => existsSync(join(REPO_ROOT, 'public', 'models', name, 'model.safetensors')));
const hasModel = MODEL !== undefined;
const LIVE_DIR = join(REPO_ROOT, 'src', 'examples');
const NEEDS_MODEL = /book\.(loadModel|tokenize|decode)\b/;

describe('every example in src/examples', () => {
  const examples = readdirSync(LIVE_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

  test('there are examples, and each has a comment header saying what to change and what to look for', () => {
    expect(examples.length).toBeGreaterThanOrEqual(11);
    for (const name of examples) {
      const header = readFileSync(join(LIVE_DIR, `${name}.ts`), 'utf8').split('\n').slice(0, 6).join('\n');
      expect(header, name).toMatch(/^\/\/ Chapter \d/);
      expect(header, name).toMatch(/\/\/ Change:/);
      expect(header, name).toMatch(/\/\/ Look for:/);
    }
  });

  test('each one runs to the end without an error (model examples when the model is built)', async () => {
    const v = await visit();
    const { root, edit, run, content } = block(v.page);
    await edit.click();
    for (const name of examples) {
      const source = readFileSync(join(LIVE_DIR, `${name}.ts`), 'utf8');
      if (NEEDS_MODEL.test(source) && !hasModel) continue;
      await typeCode(v.page, content, source);
      const lines = await runAndWait(root, () => run.click(), 120_000);
      expect(lines.at(-1), `${name}:\n${lines.join('\n')}`).toMatch(/^Finished in /);
      expect(lines.filter((l) => /^(\w*Error|Uncaught)\b/.test(l)), name).toEqual([]);
    }
    expectClean(v);
    await v.close();
  }, 600_000);
});

describe.runIf(hasModel)('a block that uses the book’s model', () => {
  test('gets the same top token as `npm run llm` for the same prompt', async () => {
    const prompt = 'The man said that he';
    const dir = join(REPO_ROOT, 'public', 'models', MODEL!);
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, ['scripts/llm.ts', ...args, '--model', dir, '--json'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const { ids } = cli('tokenize', '--text', prompt) as { ids: number[] };
    const logits = cli('logits', '--ids', ids.join(','), '--backend', 'wasm') as number[][];
    const last = logits.at(-1)!;
    const expectedId = last.indexOf(Math.max(...last));

    const v = await visit();
    const { root, edit, run, content } = block(v.page);
    await edit.click();
    await typeCode(
      v.page,
      content,
      [
        `const model = await book.loadModel();`,
        `const { ids } = await book.tokenize(${JSON.stringify(prompt)});`,
        `const { logits } = await model.forward(ids);`,
        `const last = logits.slice([ids.length - 1, 0], [1, -1]).reshape([-1]);`,
        `const id = (await tf.argMax(last).data())[0];`,
        `console.log(JSON.stringify({ model: model.name, ids, id }))`,
      ].join('\n'),
    );
    const lines = await runAndWait(root, () => run.click(), 120_000);
    expect(JSON.parse(lines[0])).toEqual({ model: MODEL, ids, id: expectedId });
    expectClean(v);
    await v.close();
  });
});
