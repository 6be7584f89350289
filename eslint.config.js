import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The layers of STYLE.md: domain does no I/O and knows no framework; web sees only contracts.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/db/**', '**/services/**', '**/server/**', '**/cli/**', 'node:*', 'fastify', 'kysely', 'react'] }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    // The web sees contracts, plus the pure text functions of domain/templates (message texts,
    // mailto, outreach hints) that it recomputes as the user types: sharing beats a copy.
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/db/**', '**/services/**', '**/server/**', '**/cli/**', '**/runtime/**', '**/domain/playbook/**', '**/domain/*.js', '**/formats/**'] },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts', 'src/db/**/*.ts', 'src/contracts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/cli/**', '**/web/**'] }] },
  },
);
