import { defineConfig } from 'vitest/config';

// Two projects: `unit` (Node, fast, no browser) and `e2e` (builds the site under a sub-path and drives Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds dist/ once with BASE_PATH=/next-token/ (E2E_SKIP_BUILD=1 reuses it); see tests/e2e/harness.ts.
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
