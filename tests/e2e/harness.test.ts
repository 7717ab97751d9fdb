// Tests for the harness itself: the static server's HTTP behaviour and openPage's recording and blocking.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findBrowser } from './browser-path.ts';
import { openPage, useSite } from './harness.ts';

const root = mkdtempSync(join(tmpdir(), 'next-token-harness-'));

const { site, browser } = useSite({ server: () => (writeTestSite(), { root }) });

/** The files the server tests ask for, and a page that does everything openPage must record. */
function writeTestSite(): void {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title><p>home</p>');
  writeFileSync(join(root, '404.html'), '<!doctype html><title>404</title><p>missing</p>');
  writeFileSync(join(root, 'model.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(root, 'weights.safetensors'), Buffer.from('0123456789'));
  writeFileSync(join(root, 'data.json'), '{"a":1}');
  writeFileSync(join(root, 'font.woff2'), 'x');
  writeFileSync(
    join(root, 'leaky.html'),
    `<!doctype html><title>leaky</title>
     <img src="https://example.com/pixel.png" alt="">
     <img src="missing.png" alt="">
     <script>console.error('boom'); setTimeout(() => { throw new Error('uncaught!'); });</script>`,
  );
}

describe('startServer', () => {
  test('serves files under the base with the right MIME types', async () => {
    const types = await Promise.all(
      ['model.wasm', 'weights.safetensors', 'data.json', 'font.woff2', ''].map(async (path) => {
        const response = await fetch(site.url(path));
        expect(response.status, path).toBe(200);
        return response.headers.get('content-type');
      }),
    );
    expect(types).toEqual(['application/wasm', 'application/octet-stream', 'application/json; charset=utf-8', 'font/woff2', 'text/html; charset=utf-8']);
  });

  test('answers 404 outside the base, for missing files and for path traversal', async () => {
    expect((await fetch(`${site.origin}/index.html`)).status).toBe(404);
    expect((await fetch(`${site.origin}/next-tokenX/index.html`)).status).toBe(404);
    const missing = await fetch(site.url('nope/'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('missing');
    expect((await fetch(`${site.baseUrl}..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  test('redirects the bare prefix to the base', async () => {
    const response = await fetch(site.baseUrl.slice(0, -1), { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/next-token/');
  });

  test('supports byte ranges, ETags and Cache-Control', async () => {
    const url = site.url('weights.safetensors');
    const part = await fetch(url, { headers: { range: 'bytes=2-5' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await part.text()).toBe('2345');
    const tail = await fetch(url, { headers: { range: 'bytes=-3' } });
    expect(await tail.text()).toBe('789');
    expect((await fetch(url, { headers: { range: 'bytes=20-' } })).status).toBe(416);

    const full = await fetch(url);
    const etag = full.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    expect(full.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(url, { headers: { 'if-none-match': etag ?? '' } })).status).toBe(304);
  });
});

describe('openPage', () => {
  test('blocks and records other hosts, and records console errors, page errors and failed requests', async () => {
    const visit = await openPage(browser, site.url('leaky.html'));
    await visit.page.waitForTimeout(200);
    expect(visit.blockedRequests).toEqual(['https://example.com/pixel.png']);
    expect(visit.failedRequests).toContainEqual(`404 ${site.url('missing.png')}`);
    expect(visit.consoleErrors.some((m) => m.startsWith('boom'))).toBe(true);
    expect(visit.pageErrors.some((m) => m.includes('uncaught!'))).toBe(true);
    expect(site.requests.some((r) => r.path.endsWith('/pixel.png'))).toBe(false);
    await visit.close();
  });

  test('a clean page records nothing', async () => {
    const visit = await openPage(browser, site.url(''));
    expect(visit.problems()).toEqual([]);
    await visit.close();
  });
});

describe('findBrowser', () => {
  test('prefers CHROME_PATH and rejects a wrong one with a clear message', () => {
    expect(() => findBrowser({ CHROME_PATH: '/no/such/chrome' })).toThrow(/CHROME_PATH is set to "\/no\/such\/chrome"/);
  });

  test('explains how to install a browser when none is found', () => {
    expect(() => findBrowser({}, ['/no/such/chromium'])).toThrow(/apt-get install -y chromium[\s\S]*CHROME_PATH=/);
  });
});
