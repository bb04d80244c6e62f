// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { processBoundaries, restrictedGlobals } from './lint/process-boundaries.js';

/** Globals of another process, refused with the reason. */
const noGlobals = (names, where) => [
  'error',
  ...names.map((name) => ({ name, message: `${name} does not exist in ${where}.` })),
];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'coverage', 'bench/results', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The folder tells the process a file runs in; each imports only what its zone allows
    // (lint/process-boundaries.js, tested in test/lint/).
    files: ['shared/**', 'renderer/**', 'main/**', 'pbx/**'],
    plugins: { 'process-boundaries': processBoundaries },
    rules: { 'process-boundaries/imports': 'error' },
  },
  {
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': noGlobals(restrictedGlobals.renderer, 'the renderer'),
    },
  },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-globals': noGlobals(restrictedGlobals.shared, 'shared/') },
  },
  prettier,
);
