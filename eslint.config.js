import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'build/**',
      '.wrangler/**',
      '.data/**',
      '.e2e/**',
      'node_modules/**',
      'worker/env.d.ts',
      'migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // API handlers never touch the database directly: they call services, which get a TenantDb
    // scoped to the principal's organisation (worker/db/tenant-db.ts).
    files: ['worker/api/**/*.ts'],
    ignores: ['worker/api/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^drizzle-orm',
              message: 'Handlers call services; queries live in worker/services/ with a TenantDb.',
            },
            {
              regex: '(^|/)db/(client|schema)$',
              message: 'Handlers call services; queries live in worker/services/ with a TenantDb.',
            },
          ],
        },
      ],
    },
  },
  {
    // core/ is pure domain logic that runs anywhere (Worker, Durable Object, browser, Node tests):
    // it may import zod, other core/ files and a short list of pure, I/O-free data libraries
    // (phone numbers, public-suffix domains, free-mail providers) — nothing with I/O or a runtime.
    // See docs/decisions/0006-pure-libraries-in-core.md.
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!zod$|zod/|libphonenumber-js(/|$)|tldts$|punycode/punycode\\.js$|email-providers/all\\.json$|i18n-iso-countries/(codes|langs/en)\\.json$|cron-parser$|cronstrue$|\\.{1,2}/)',
              message:
                'core/ may import only zod, core/ files and the pure libraries listed in ADR 0006.',
            },
            {
              regex: '^(\\.\\./)+(worker|app|durable-objects|dev|e2e|node_modules)(/|$)',
              message: 'core/ must not import from the runtimes that use it.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'core/ does no I/O: take data as arguments.' },
        { name: 'process', message: 'core/ does no I/O: take configuration as arguments.' },
        { name: 'crypto', message: 'core/ takes ids and randomness as arguments (inject them).' },
      ],
    },
  },
);
