// @ts-check
/**
 * `npm run lint`: typescript-eslint's recommended rules plus the architecture's layering rules
 * (docs/architecture.md, "Dependency direction"). Import cycles are caught here (import-x/no-cycle)
 * and by test/architecture.test.ts.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const INBOX_UI = 'api/src/inbox/ui/**/*.ts';
const BROWSER = ['widget/src/**/*.ts', INBOX_UI, 'content/search/engine/**/*.ts', 'kb-site/src/lib/search-page.ts'];
// Build configs run in Node even where they sit beside the browser code they build.
const BUILD_CONFIGS = ['**/vite.config.ts'];
const NO_NODE = { group: ['node:*'], message: 'Browser code runs in the LMS page or the inbox: no Node modules.' };

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'kb-site/.astro/**', 'data/**', '**/*.astro'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        structuredClone: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
      },
    },
    settings: { 'import-x/extensions': ['.ts'] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-control-regex': 'off',
      // `let x = fallback; try { x = parse() } catch {}` is how this code says what a failure leaves behind.
      'no-useless-assignment': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Plain browser scripts (the demo LMS page).
    files: ['**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        location: 'readonly',
        history: 'readonly',
        Element: 'readonly',
        customElements: 'readonly',
        localStorage: 'readonly',
      },
    },
  },
  {
    files: BROWSER,
    ignores: BUILD_CONFIGS,
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_NODE] }] },
  },
  {
    // The inbox UI sits beside the inbox's server routes but is bundled for the browser on its own:
    // it may share the server's types, never its code.
    files: [INBOX_UI],
    ignores: BUILD_CONFIGS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../**', '#api/*'],
              allowTypeImports: true,
              message: 'The inbox UI is browser code: it may import types from the server (api/src), not its modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // The ticket lifecycle owns its rules; side effects subscribe to its events (api/src/tickets/events.ts).
    files: ['api/src/tickets/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/inbox/**', '**/mail/**', '**/chat/**', '#api/inbox/*', '#api/mail/*', '#api/chat/*'],
              message: 'tickets/ may not import inbox/, mail/ or chat/: emit a domain event and let them subscribe.',
            },
          ],
        },
      ],
    },
  },
);
