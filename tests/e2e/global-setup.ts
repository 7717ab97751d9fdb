// Runs once per `npm run test:e2e`, before any e2e test file: builds the site into dist-e2e/ (DIST_DIR)
// under the sub-path BASE_PATH=/next-token/, so every e2e test sees the site as a project-page deploy
// would. E2E_SKIP_BUILD=1 reuses an existing build (fast local iteration), after checking its base.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_PATH, DIST_DIR, REPO_ROOT } from './harness.ts';
import { findBrowser } from './browser-path.ts';

export default function setup(): void {
  // Fail at once, before a long build, when there is no browser to drive.
  findBrowser();
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(join(DIST_DIR, 'index.html'))) {
    assertBuiltUnderBase();
    console.log(`[e2e] E2E_SKIP_BUILD=1: reusing ${DIST_DIR}`);
    return;
  }
  const started = Date.now();
  console.log(`[e2e] building the site with BASE_PATH=${BASE_PATH} ...`);
  const astro = join(REPO_ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build', '--outDir', DIST_DIR], {
    cwd: REPO_ROOT,
    env: buildEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`[e2e] astro build failed (exit ${result.status}):\n${result.stdout.slice(-8000)}\n${result.stderr.slice(-8000)}`);
  }
  assertBuiltUnderBase();
  console.log(`[e2e] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Vitest sets NODE_ENV=test (and VITEST_* variables); an Astro build that inherits them is a dev-flavoured
 * build (import.meta.env.DEV: Starlight then replaces search with "only available in production builds").
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'TEST'));
  return { ...env, NODE_ENV: 'production', BASE_PATH, ASTRO_TELEMETRY_DISABLED: '1' };
}

/** A build for the root base would pass a glance but break every asset under /next-token/. */
function assertBuiltUnderBase(): void {
  const html = readFileSync(join(DIST_DIR, 'index.html'), 'utf8');
  if (!html.includes(`${BASE_PATH}_astro/`)) {
    throw new Error(`[e2e] ${DIST_DIR} was not built with BASE_PATH=${BASE_PATH} (E2E_DIST pointing at a plain build?). Run without E2E_SKIP_BUILD=1 to rebuild.`);
  }
  if (html.includes('only available in production builds') || !existsSync(join(DIST_DIR, 'pagefind', 'pagefind.js'))) {
    throw new Error(`[e2e] ${DIST_DIR} is not a production build (no Pagefind index); NODE_ENV leaked into the build?`);
  }
}
