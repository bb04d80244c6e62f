// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Imports each process may not make: the folder tells the process a file runs in. */
const boundary = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

const nodeBuiltins = { group: ['node:*'], message: 'Node built-ins do not exist here.' };
const electron = { group: ['electron'], message: 'Only main/ may import electron.' };
const react = { group: ['react', 'react-dom', 'react/*'], message: 'React lives in renderer/.' };
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed IPC wrappers (main/ipc/handle.ts, main/preload/invoke.ts).',
};
const folder = (name, where) => ({
  group: [`**/${name}/**`, `../${name}/*`],
  message: `${where} may not import ${name}/.`,
});

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'coverage', 'bench/results'] },
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
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...boundary([
        nodeBuiltins,
        electron,
        folder('main', 'renderer/'),
        folder('pbx', 'renderer/'),
      ]),
    },
  },
  {
    files: ['shared/**'],
    rules: boundary([
      nodeBuiltins,
      electron,
      react,
      folder('main', 'shared/'),
      folder('pbx', 'shared/'),
      folder('renderer', 'shared/'),
    ]),
  },
  {
    files: ['pbx/**'],
    rules: boundary([electron, react, folder('renderer', 'pbx/'), folder('main', 'pbx/')]),
  },
  {
    files: ['main/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [react, folder('renderer', 'main/'), folder('pbx', 'main/')],
          paths: [rawIpc],
        },
      ],
    },
  },
  {
    // The typed wrappers are the only places raw IPC appears.
    files: ['main/ipc/handle.ts', 'main/preload/invoke.ts'],
    rules: boundary([react, folder('renderer', 'main/'), folder('pbx', 'main/')]),
  },
  {
    // JsSIP lives behind the SIP adapter; the rest of the renderer talks to SipAdapter.
    files: ['renderer/**'],
    ignores: ['renderer/sip/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            electron,
            folder('main', 'renderer/'),
            folder('pbx', 'renderer/'),
          ],
          paths: [{ name: 'jssip', message: 'Use the SIP adapter (renderer/sip).' }],
        },
      ],
    },
  },
  prettier,
);
