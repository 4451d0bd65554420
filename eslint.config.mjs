import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    // The Django routes' venv and the built tools hold third-party files; dist/ holds npm start's bundles.
    ignores: [
      'node_modules/',
      '.next/',
      'test-results/',
      'playwright-report/',
      'next-env.d.ts',
      '.venv-demos*/',
      'tools/bin/',
      'dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { '@next/next': nextPlugin, 'react-hooks': reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Plain JavaScript modules (the container health check, the Next config).
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' },
    },
  },
  {
    // The engine and the demos run outside Next.js: they must never reach into the UI layers.
    files: ['server/**/*.ts', 'demos/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**', '**/components/**', '@/app/*', '@/components/*'],
              message: 'server/ and demos/ must not import from app/ or components/.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
