// The shared end-to-end harness: serve the built site under its sub-path, launch headless Chromium,
// open pages that record everything that went wrong. It knows nothing about any particular page.
//
// The e2e project's globalSetup (tests/e2e/global-setup.ts) has already built the site into dist-e2e/
// with BASE_PATH=/next-token/ before any test file runs, so a test file only needs:
//
//   import { expect, test } from 'vitest';
//   import { expectClean, openPage, useSite } from './harness.ts';
//
//   const { site, browser } = useSite();            // server + Chromium for this file, closed after it
//
//   test('chapter 2 loads cleanly', async () => {
//     const visit = await openPage(browser, site.url('chapters/02-the-math-you-need/'));
//     await expect(visit.page.locator('h1').textContent()).resolves.toContain('math');
//     expectClean(visit);                          // no console/page errors, failed or foreign requests
//     await visit.close();
//   });
//
// API
//   BASE_PATH                  '/next-token/': the prefix the site is built and served under.
//   DIST_DIR                   absolute path of the built site (dist-e2e/, or $E2E_DIST).
//   startServer({ root?, base?, port?, isolated? }) -> Site
//       isolated (default true) sends COOP same-origin + COEP require-corp with every response, as the
//       preview server does, so pages are crossOriginIsolated; false serves plain (the service-worker path).
//       A static server on 127.0.0.1 (random free port by default) serving `root` under `base`.
//       Site.origin 'http://127.0.0.1:PORT'; Site.baseUrl 'http://127.0.0.1:PORT/next-token/';
//       Site.url(path) resolves a path relative to the base ('' or 'chapters/x/'; a leading '/' is
//       also taken as relative to the base); Site.requests lists every path served (for asserting
//       what a page downloaded); Site.close().
//       Serves correct MIME types (.wasm application/wasm, .json, .woff2, .safetensors
//       application/octet-stream ...), 301 to the trailing-slash URL for directories, ROOT/404.html
//       with status 404 for missing files and 404 for anything outside the base, HEAD, single
//       Range requests (206/416), weak ETag + If-None-Match (304), Cache-Control (immutable for
//       /_astro/ hashed assets, no-cache otherwise).
//   useSite({ server?, browser? }) -> { site, browser }
//       Registers beforeAll (startServer, then launchBrowser) and afterAll (close both) in the calling
//       file or describe block. `server` is ServerOptions or a function that prepares files and returns
//       them; `browser: false` starts no browser. The returned site and browser stand in for the real
//       ones once beforeAll has run (using them earlier throws).
//   launchBrowser({ webgpu?: boolean, args?: string[] }) -> playwright-core Browser
//       Headless Chromium found by findBrowser() (browser-path.ts) with --no-sandbox
//       --disable-background-networking --disable-component-update (+ --enable-unsafe-webgpu).
//   openPage(browser, url, { javaScript?, colorScheme?, reducedMotion?, waitUntil?, viewport? }) -> Visit
//       A fresh browser context + page that navigates to `url`. Every request to another origin than
//       the url's own (the local server) is ABORTED and recorded. Visit has:
//         page, context, response (the navigation response),
//         consoleErrors: string[]   console.error messages and failed-resource logs
//         pageErrors: string[]      uncaught exceptions and unhandled rejections
//         failedRequests: string[]  same-origin requests that failed or answered >= 400 ('404 http://...');
//                                   requests cancelled on purpose (net::ERR_ABORTED: reload, AbortController) are not failures
//         blockedRequests: string[] URLs of requests to any other host (all blocked)
//         problems(): string[]      all of the above in one list, labelled
//         close()
//   expectClean(visit)         throws, listing every problem, unless all four lists are empty.
//   sitemapPaths(root?, base?) every page in DIST_DIR/sitemap-0.xml as a path relative to the base, for
//                              site.url(); safe to call at module level (the build ran in globalSetup).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { findBrowser } from './browser-path.ts';
import { ISOLATION_HEADERS } from '../../src/integrations/cross-origin-isolation.ts';

export const BASE_PATH = '/next-token/';
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/**
 * Where the e2e build goes: dist-e2e/, not dist/, so a plain `npm run build` (root base) elsewhere in the
 * same working tree cannot swap the site out from under a running test. E2E_DIST overrides it.
 */
export const DIST_DIR = resolve(REPO_ROOT, process.env.E2E_DIST ?? 'dist-e2e');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.safetensors': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json',
  // Pagefind's index files.
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export interface Site {
  origin: string;
  baseUrl: string;
  base: string;
  root: string;
  /** Paths (with the base) of every request served, in order, with their status. */
  requests: { method: string; path: string; status: number }[];
  url(path?: string): string;
  close(): Promise<void>;
}

export interface ServerOptions {
  root?: string;
  base?: string;
  port?: number;
  /** Send the cross-origin isolation headers (default true); false to test the service-worker fallback. */
  isolated?: boolean;
}

/** Serve `root` (default DIST_DIR) under `base` (default /next-token/) on 127.0.0.1. */
export async function startServer({ root = DIST_DIR, base = BASE_PATH, port = 0, isolated = true }: ServerOptions = {}): Promise<Site> {
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`startServer: base must start and end with "/", got "${base}".`);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`startServer: ${root}/index.html is missing. Build first: npm run test:e2e does it (BASE_PATH=${base} astro build --outDir ${root}).`);
  }
  const requests: Site['requests'] = [];
  const server = createServer((req, res) => {
    res.on('finish', () => requests.push({ method: req.method ?? 'GET', path: req.url ?? '', status: res.statusCode }));
    if (isolated) for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    try {
      serve(req, res, root, base);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = origin + base;
  return {
    origin,
    baseUrl,
    base,
    root,
    requests,
    url: (path = '') => new URL(path.replace(/^\/+/, ''), baseUrl).href,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function serve(req: IncomingMessage, res: ServerResponse, root: string, base: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const pathname = safeDecode(url.pathname);
  if (pathname === base.slice(0, -1)) {
    res.writeHead(301, { location: base + url.search }).end();
    return;
  }
  if (pathname === null || !pathname.startsWith(base) || pathname.includes('\0')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found: outside ${base}`);
    return;
  }
  const relative = normalize(pathname.slice(base.length));
  let file = resolve(root, relative);
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  let stats = statOrNull(file);
  if (stats?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { location: pathname + '/' + url.search }).end();
      return;
    }
    file = join(file, 'index.html');
    stats = statOrNull(file);
  }
  if (!stats?.isFile()) {
    const notFound = join(root, '404.html');
    const body = existsSync(notFound) ? readFileSync(notFound) : Buffer.from('Not found');
    res.writeHead(404, { 'content-type': existsSync(notFound) ? 'text/html; charset=utf-8' : 'text/plain' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  sendFile(req, res, file, stats.size, stats.mtimeMs, pathname.startsWith(base + '_astro/'));
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number, mtimeMs: number, immutable: boolean): void {
  const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    'content-type': mimeType(file),
    etag,
    'accept-ranges': 'bytes',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = req.headers.range;
  if (range) {
    const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    const parsed = match ? parseRange(match[1], match[2], size) : null;
    if (!parsed) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    [start, end] = parsed;
    status = 206;
    headers['content-range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['content-length'] = size === 0 ? 0 : end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  createReadStream(file, { start, end }).pipe(res);
}

/** "bytes=a-b", "bytes=a-", "bytes=-n" -> inclusive [start, end], or null when unsatisfiable. */
function parseRange(from: string, to: string, size: number): [number, number] | null {
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return null;
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return start <= end && start < size ? [start, end] : null;
}

function safeDecode(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update'];

export interface LaunchOptions {
  /** Add --enable-unsafe-webgpu (SwiftShader in headless Linux: correct but slow). */
  webgpu?: boolean;
  /** Extra Chromium flags. */
  args?: string[];
}

export async function launchBrowser({ webgpu = false, args = [] }: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: findBrowser(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...(webgpu ? ['--enable-unsafe-webgpu'] : []), ...args],
  });
}

export interface SiteOptions {
  /** Where and how to serve; a function runs first in beforeAll (to write the files it serves). */
  server?: ServerOptions | (() => ServerOptions | Promise<ServerOptions>);
  /** Chromium's options, or false for a file that launches its own browsers. */
  browser?: LaunchOptions | false;
}

/**
 * One file's (or describe block's) server and browser: started in beforeAll, closed in afterAll. The two
 * returned objects forward to the real Site and Browser, so a test file can write
 * `const { site, browser } = useSite();` at the top and use them in its tests.
 */
export function useSite(options: SiteOptions = {}): { site: Site; browser: Browser } {
  let site: Site | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = await startServer(typeof options.server === 'function' ? await options.server() : options.server);
    if (options.browser !== false) browser = await launchBrowser(options.browser);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return { site: standIn(() => site, 'site'), browser: standIn(() => browser, 'browser') };
}

/** An object that forwards every property to current() (methods bound to it); throws while it is unset. */
function standIn<T extends object>(current: () => T | undefined, name: string): T {
  const target = () => current() ?? fail(`useSite(): the ${name} is used before beforeAll started it (or it was turned off).`);
  return new Proxy({} as T, {
    get(_, key) {
      const real = target();
      const value: unknown = Reflect.get(real, key);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    has: (_, key) => Reflect.has(target(), key),
  });
}

function fail(message: string): never {
  throw new Error(message);
}

export interface OpenPageOptions {
  javaScript?: boolean;
  colorScheme?: 'light' | 'dark' | 'no-preference';
  reducedMotion?: 'reduce' | 'no-preference';
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit';
  viewport?: { width: number; height: number };
}

export interface Visit {
  page: Page;
  context: BrowserContext;
  response: Response | null;
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  blockedRequests: string[];
  problems(): string[];
  close(): Promise<void>;
}

/** Open `url` in a fresh context, recording errors and blocking every request that leaves its origin. */
export async function openPage(browser: Browser, url: string, options: OpenPageOptions = {}): Promise<Visit> {
  const { javaScript = true, colorScheme = 'light', reducedMotion = 'no-preference', waitUntil = 'load', viewport } = options;
  const origin = new URL(url).origin;
  const context = await browser.newContext({ javaScriptEnabled: javaScript, colorScheme, reducedMotion, viewport });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const blockedRequests: string[] = [];

  await context.route('**/*', (route) => {
    const requestUrl = route.request().url();
    if (isLocal(requestUrl, origin)) return route.continue();
    blockedRequests.push(requestUrl);
    return route.abort('blockedbyclient');
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url: at, lineNumber } = message.location();
    consoleErrors.push(at ? `${message.text()} (at ${at}:${lineNumber})` : message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? String(error)));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? 'failed';
    // ERR_ABORTED is a request cancelled on purpose: by a reload or navigation, or by the page's own
    // AbortController. A server error still shows up below as a response >= 400.
    if (isLocal(request.url(), origin) && error !== 'net::ERR_ABORTED') failedRequests.push(`${error} ${request.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && isLocal(response.url(), origin)) failedRequests.push(`${response.status()} ${response.url()}`);
  });

  const response = await page.goto(url, { waitUntil });
  const visit: Visit = {
    page,
    context,
    response,
    consoleErrors,
    pageErrors,
    failedRequests,
    blockedRequests,
    problems: () => [
      ...consoleErrors.map((m) => `console error: ${m}`),
      ...pageErrors.map((m) => `page error: ${m}`),
      ...failedRequests.map((m) => `failed request: ${m}`),
      ...blockedRequests.map((m) => `blocked request to another host: ${m}`),
    ],
    close: () => context.close(),
  };
  return visit;
}

/** Thrown by scrollThrough and within() when a page stops answering. */
export class PageStuckError extends Error {}

/**
 * `work`, or a PageStuckError after `ms` whose message is `what()` (read when the time runs out, so it can name the
 * step a page was on). Playwright's evaluate and close have no time limit of their own.
 */
export async function within<T>(ms: number, what: () => string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PageStuckError(what())), ms);
  });
  try {
    return await Promise.race([work, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Scrolls through the whole page (at most 200 steps) so every client:visible island hydrates, then waits at most
 * 10 s for the web fonts. Bounded on both sides: a page whose main thread stops answering rejects with a
 * PageStuckError naming the page after `timeoutMs`, instead of hanging the test until its own timeout.
 */
export async function scrollThrough(page: Page, { fonts = false, timeoutMs = 60_000 } = {}): Promise<void> {
  const work = page.evaluate(async (waitForFonts) => {
    const step = Math.max(200, window.innerHeight * 0.8);
    for (let i = 0, y = 0; i < 200 && y < document.body.scrollHeight; i++, y += step) {
      window.scrollTo(0, y);
      await new Promise((done) => setTimeout(done, 30));
    }
    if (waitForFonts) await Promise.race([document.fonts.ready, new Promise((done) => setTimeout(done, 10_000))]);
  }, fonts);
  await within(timeoutMs, () => `${page.url()} did not finish scrolling within ${timeoutMs / 1000} s: its main thread stopped answering.`, work);
}

/** data:, blob: and about: URLs never touch the network; everything else must come from `origin`. */
function isLocal(url: string, origin: string): boolean {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** Throw a readable list of everything a visit recorded as wrong. */
export function expectClean(visit: Visit): void {
  const problems = visit.problems();
  if (problems.length > 0) throw new Error(`${visit.page.url()} had ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
}

/**
 * Every page listed in the build's sitemap, as paths relative to the base ('' for the home page,
 * 'chapters/01-the-big-picture/' ...): pass them to site.url(). The sitemap's own site URL is dropped.
 */
export function sitemapPaths(root: string = DIST_DIR, base: string = BASE_PATH): string[] {
  const file = join(root, 'sitemap-0.xml');
  if (!existsSync(file)) throw new Error(`sitemapPaths: ${file} is missing; the build did not produce a sitemap.`);
  const locations = [...readFileSync(file, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  if (locations.length === 0) throw new Error(`sitemapPaths: no <loc> entries in ${file}.`);
  return locations.map((loc) => {
    const { pathname } = new URL(loc);
    if (!pathname.startsWith(base)) throw new Error(`sitemapPaths: ${loc} is not under the base ${base}; was dist/ built with BASE_PATH=${base}?`);
    return pathname.slice(base.length);
  });
}
