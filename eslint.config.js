// ESLint over every source folder, type-aware: typescript-eslint's strict type-checked set, trimmed below with a reason
// per rule. Formatting is Prettier's alone (`eslint-config-prettier` last). `npm run lint` runs both.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'playwright-report/', 'test-results/', 'conformance-results/', '.build-*/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'playwright.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      // `_name` marks a binding kept on purpose; `{ secret: _secret, ...rest }` drops a key from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Messages print numbers, and `null`/`undefined` on purpose (what a client sent or left out, a missing exit code).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // The page script builds strings with `'#/scenario/' + si` (ES5 style, as shipped); numbers join strings by design.
      '@typescript-eslint/restrict-plus-operands': ['error', { allowNumberAndString: true }],
      // Callbacks are written as arrow shorthands (`() => resolve(x)`, `(e) => fail(e)`); braces would add nothing.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Values typed as their schema are checked anyway where they come from outside (topology files, results.json of
      // older releases, worker output, JSON bodies): the type states the valid case, the check and the String() guard
      // against the rest.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      // String(x) on a value a peer sent (JSON bodies, metadata, stream chunks) is how the mocks and test clients print it.
      '@typescript-eslint/no-base-to-string': 'off',
      // `!` stays where the invariant is local and obvious (a key just set, a group of a regex that matched, a test's
      // find() the next assertion would fail on anyway); indexes are checked through noUncheckedIndexedAccess.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Rejections come from our code or Node's APIs, which reject with Error; the annotation says so, as the
      // `(error as Error)` of the codebase's catch blocks does.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
      // `async` marks functions that implement a promise-returning interface (SDK tool handlers, bisect probes, hooks).
      '@typescript-eslint/require-await': 'off',
      // Copies are pruned by lists of keys: environment variables a client must not inherit, metadata fields a topology omits.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // jsonBody<T>() and readJson<T>() name the shape a caller expects of parsed JSON.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // A report writer's write() resolves to nothing or to the baseline gate's verdict: `Promise<void | …>` says that.
      '@typescript-eslint/no-invalid-void-type': 'off',
    },
  },
  {
    // The JUnit writer strips the control characters XML 1.0 forbids, with a regex that names them.
    files: ['reports/junit.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Assertions on Markdown output match its runs of spaces literally.
    files: ['tests/**'],
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    // The report's page modules: browser globals, type-checked through their JSDoc by tsconfig.report.json. They are
    // scripts sharing one scope (joined by scripts/bundle-report-page.ts), so a name one defines is used in another:
    // TypeScript, which sees them all, reports undefined and unused names instead.
    files: ['reports/html/page/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: globals.browser,
      parserOptions: { projectService: false, project: './tsconfig.report.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The copy button falls back to execCommand('copy') where navigator.clipboard is missing (file:// pages).
      '@typescript-eslint/no-deprecated': 'off',
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  prettier,
);
