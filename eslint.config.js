// ESLint for the TypeScript and Preact (.tsx) sources: typescript-eslint's recommended rules, accessibility rules
// for JSX, and the house limit on function length. Astro files are checked by `astro check`, not here.
// Accessibility rules come from eslint-plugin-jsx-a11y-x, the es-tooling fork of eslint-plugin-jsx-a11y with the
// same rules: the original's latest release (6.10.2) declares ESLint 3 to 9 only, and ESLint 9 is out of support.
// typescript-eslint 8.74 supports TypeScript up to 6.0.
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

export default defineConfig(
  { ignores: ['dist/', 'dist-e2e/', 'public/', '.astro/', 'node_modules/', 'tests/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, ...globals.worker },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // "_name" marks a parameter or binding that is deliberately unused (a callback's position, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // House rule: no function over 120 lines (blank lines and comments do not count).
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['**/*.tsx'],
    ...jsxA11y.configs.recommended,
    rules: {
      ...jsxA11y.configs.recommended.rules,
      // Preact writes a label's target as `for`, which this rule does not read (it looks for React's htmlFor),
      // so every correct <label for=...> would be reported. Labels are checked in the browser instead: axe runs
      // on every page in the e2e tests.
      'jsx-a11y-x/label-has-associated-control': 'off',
      // A box that scrolls (a wide table, a heatmap) must be reachable by keyboard to be scrolled (WCAG 2.1.1;
      // axe's scrollable-region-focusable), so a labelled region or group may take tabIndex 0.
      'jsx-a11y-x/no-noninteractive-tabindex': ['error', { roles: ['tabpanel', 'region', 'group'], tags: [] }],
    },
  },
  {
    // Live-code examples end with a bare expression on purpose: the page shows its value (src/examples/README.md).
    files: ['src/examples/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Test files: a describe() callback holds many tests, so it is not "a function" in the house rule's sense;
    // tests hand malformed JSON and page.evaluate results around, where `any` is the honest type.
    files: ['tests/**/*.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
    rules: { 'max-lines-per-function': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
