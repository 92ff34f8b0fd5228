// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**', '.recollect/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // The functional core: data in, decisions out. No sockets, files, timers, env or logger.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'net', 'http', 'https', 'child_process', 'os', 'dgram', 'tls'], message: 'src/domain is pure: no I/O imports.' },
            { group: ['modesl', 'drachtio-*', 'ioredis', 'pg', '@electric-sql/*', 'pino*', 'fastify*', '@grpc/*'], message: 'src/domain is pure: adapters own I/O libraries.' },
            { group: ['**/adapters/**', '**/lab/**', '**/http/**', '**/cli/**', '**/services/**'], message: 'src/domain may not depend on outer layers.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/domain is pure: no env.' }, { name: 'setTimeout', message: 'src/domain is pure: no timers.' }, { name: 'setInterval', message: 'src/domain is pure: no timers.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Time enters the core as an argument.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
