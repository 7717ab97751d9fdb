// Finds a Chrome or Chromium executable for playwright-core. It never downloads one and never
// lets a test skip: with no browser installed, it throws an error that says how to get one.
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Chrome and Chromium usually live, in the order we try them (after CHROME_PATH and /usr/bin/chromium). */
const CANDIDATE_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  join(homedir(), 'Applications/Chromium.app/Contents/MacOS/Chromium'),
  join(homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to drive: $CHROME_PATH if set (it must exist), else the first of CANDIDATE_PATHS that is
 * executable. Throws with install instructions when there is none.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = CANDIDATE_PATHS): string {
  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to "${fromEnv}", but no executable file is there. Point it at a Chrome or Chromium binary.`);
  }
  const found = candidates.find(isExecutable);
  if (found) return found;
  throw new Error(
    [
      'No Chrome or Chromium found; the end-to-end tests need one (they never skip).',
      `Looked in: ${candidates.join(', ')}.`,
      'Install one:  sudo apt-get install -y chromium   (Debian/Ubuntu)',
      '          or  brew install --cask chromium        (macOS)',
      'or point at an existing binary:  CHROME_PATH=/path/to/chrome npm test',
    ].join('\n'),
  );
}
