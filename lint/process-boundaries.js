// @ts-check
/**
 * The process boundaries as an allow-list (issue 23 item 9): the folder tells the process a file
 * runs in, and each zone names what it may import. Anything not named is refused, so a bare
 * `fs`, `electron/main`'s `ipcMain` or `jssip/lib/…` cannot slip past a deny-list's patterns.
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** Packages a test may use wherever it sits (tests run in Node or jsdom, not in the app). */
const TEST_PACKAGES = [
  'vitest',
  '@testing-library/react',
  '@testing-library/user-event',
  '@testing-library/jest-dom',
  'yaml',
  'ajv',
];
/** What never belongs in the PBX: the UI, the desktop app and the browser's SIP stack. */
const NOT_FOR_THE_PBX = new Set([
  'react',
  'react-dom',
  'react-i18next',
  'i18next',
  'zustand',
  'electron',
  'electron-updater',
  'jssip',
]);
const SHARED_PACKAGES = ['zod', 'libphonenumber-js'];
const RENDERER_PACKAGES = [
  ...SHARED_PACKAGES,
  'react',
  'react-dom',
  'react-i18next',
  'i18next',
  'zustand',
];

/** The PBX may use any runtime dependency of the project that is not the UI's or the desktop's. */
function pbxPackages() {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return Object.keys(manifest.dependencies ?? {}).filter((name) => !NOT_FOR_THE_PBX.has(name));
}

/**
 * @typedef {object} Zone
 * @property {string} name how messages name the zone
 * @property {string} folder the folder, relative to the repository
 * @property {string[]} folders folders its files may import from
 * @property {string[]} packages packages (and their subpaths) it may import
 * @property {boolean} node whether Node's built-in modules exist there
 * @property {'none' | 'main' | 'preload'} electron which side of Electron it is
 * @property {string} allows the sentence a refusal ends with
 */

/** @type {Zone[]} Most specific folder first. */
export const ZONES = [
  {
    name: 'the sandboxed preload',
    folder: 'main/preload',
    folders: ['main/preload', 'shared'],
    packages: [],
    node: false,
    electron: 'preload',
    allows: 'shared/ and contextBridge/ipcRenderer from electron only',
  },
  {
    name: 'Electron main',
    folder: 'main',
    folders: ['main', 'shared', 'assets'],
    packages: ['zod', 'electron-updater'],
    node: true,
    electron: 'main',
    allows: 'shared/, Node built-ins, Electron main and electron-updater only',
  },
  {
    name: 'the SIP adapter',
    folder: 'renderer/sip',
    folders: ['renderer', 'shared'],
    packages: [...RENDERER_PACKAGES, 'jssip'],
    node: false,
    electron: 'none',
    allows: 'renderer/, shared/, the UI libraries and jssip only',
  },
  {
    name: 'the renderer',
    folder: 'renderer',
    folders: ['renderer', 'shared', 'assets'],
    packages: RENDERER_PACKAGES,
    node: false,
    electron: 'none',
    allows: 'renderer/, shared/, assets/ and the UI libraries only (JsSIP through renderer/sip)',
  },
  {
    name: 'shared/',
    folder: 'shared',
    folders: ['shared'],
    packages: SHARED_PACKAGES,
    node: false,
    electron: 'none',
    allows: 'shared/, zod and libphonenumber-js only (no node:*, no electron, no React)',
  },
  {
    name: 'the PBX',
    folder: 'pbx',
    folders: ['pbx', 'shared'],
    packages: pbxPackages(),
    node: true,
    electron: 'none',
    allows: "shared/, Node built-ins and the PBX's own dependencies only",
  },
];

/** Names Electron main may not import: the renderer side, and raw IPC outside its wrapper. */
const ELECTRON_RENDERER_SIDE = new Set(['contextBridge', 'ipcRenderer', 'webFrame', 'webUtils']);
const ELECTRON_MAIN_ENTRIES = new Set(['electron', 'electron/main', 'electron/common']);
const ELECTRON_PRELOAD_ENTRIES = new Set(['electron', 'electron/renderer']);
const PRELOAD_NAMES = new Set(['contextBridge', 'ipcRenderer', 'IpcRendererEvent']);
/** The typed wrappers: the only files where raw IPC appears. */
const RAW_IPC = { ipcMain: 'main/ipc/handle.ts', ipcRenderer: 'main/preload/invoke.ts' };

/**
 * Files that only tests load: named `*.test.*`, `test-*`, `fake-*` or `*-fakes`, and the
 * store's contract suite (pbx/store/contract/), which every driver's test runs.
 */
const isTestFile = (file) =>
  /(\.test\.tsx?|\/test-[\w-]+\.tsx?|\/fake-[\w-]+\.tsx?|-fakes\.ts)$/.test(file) ||
  /(^|\/)pbx\/store\/contract\/[\w-]+\.ts$/.test(file);

const packageName = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
};
const inFolder = (file, folder) => file === folder || file.startsWith(`${folder}/`);

/**
 * Why `specifier`, imported by `file` (relative to the repository) with these names, is refused
 * in its zone; undefined when it is allowed or the file is in no zone.
 * @param {string} file
 * @param {string} specifier
 * @param {{ names: string[], whole: boolean }} imported named imports, and whether the module is
 *   taken whole (default, namespace, side effect, dynamic import, export *)
 * @returns {string | undefined}
 */
export function refusal(file, specifier, imported) {
  const zone = ZONES.find((z) => inFolder(file, z.folder));
  if (!zone) return undefined;
  const test = isTestFile(file);
  const path = specifier.split('?')[0] ?? '';
  const refuse = (what) => `${zone.name} (${zone.folder}/) may not import ${what}: ${zone.allows}.`;

  if (path.startsWith('.') || path.startsWith('/')) {
    const target = relative('.', resolve(dirname(file), path))
      .split(sep)
      .join('/');
    const allowed = test ? [...zone.folders, 'test'] : zone.folders;
    if (target.startsWith('..') || !allowed.some((folder) => inFolder(target, folder))) {
      return refuse(`${target.split('/').slice(0, 2).join('/')}/`);
    }
    // Within main/, the preload is a process of its own.
    if (zone.folder === 'main' && inFolder(target, 'main/preload')) return refuse('main/preload/');
    return undefined;
  }

  const name = path.startsWith('node:') ? path : packageName(path);
  if (path.startsWith('node:') || NODE_BUILTINS.has(name)) {
    return zone.node ? undefined : refuse(`Node's "${path}"`);
  }
  if (name === 'electron') return electronRefusal(zone, file, path, imported, refuse);
  if (zone.packages.includes(name) || (test && TEST_PACKAGES.includes(name))) return undefined;
  return refuse(`"${path}"`);
}

function electronRefusal(zone, file, path, imported, refuse) {
  if (zone.electron === 'none') return refuse(`"${path}"`);
  const entries = zone.electron === 'main' ? ELECTRON_MAIN_ENTRIES : ELECTRON_PRELOAD_ENTRIES;
  if (!entries.has(path)) return refuse(`"${path}"`);
  if (imported.whole) return refuse(`all of "${path}" (import the names it uses)`);
  for (const name of imported.names) {
    const wrapper = RAW_IPC[name];
    if (wrapper && file !== wrapper) return refuse(`${name} (only ${wrapper} uses raw IPC)`);
    if (zone.electron === 'main' && ELECTRON_RENDERER_SIDE.has(name)) return refuse(name);
    if (zone.electron === 'preload' && !PRELOAD_NAMES.has(name)) return refuse(name);
  }
  return undefined;
}

/** The names an import or re-export takes from its module, and whether it takes it whole. */
function importedOf(node) {
  const names = [];
  let whole = false;
  for (const s of node.specifiers ?? []) {
    if (s.type === 'ImportSpecifier') names.push(s.imported.name ?? s.imported.value);
    else if (s.type === 'ExportSpecifier') names.push(s.local.name ?? s.local.value);
    else whole = true;
  }
  if (node.type === 'ImportDeclaration' && (node.specifiers ?? []).length === 0) whole = true;
  if (node.type === 'ExportAllDeclaration') whole = true;
  return { names, whole };
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each process imports only what its folder allows.' },
    schema: [],
  },
  create(context) {
    const file = relative(context.cwd, context.filename).split(sep).join('/');
    if (!ZONES.some((zone) => inFolder(file, zone.folder))) return {};
    const check = (node, source, imported) => {
      if (typeof source !== 'string') return;
      const message = refusal(file, source, imported);
      if (message) context.report({ node, message });
    };
    const whole = { names: [], whole: true };
    return {
      ImportDeclaration: (node) => check(node, node.source.value, importedOf(node)),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source.value, importedOf(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, importedOf(node)),
      ImportExpression: (node) =>
        node.source.type === 'Literal'
          ? check(node, node.source.value, whole)
          : context.report({
              node,
              message: 'Import modules by a literal name, so the boundary can be checked.',
            }),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node, node.moduleReference.expression.value, whole),
      TSImportType: (node) =>
        check(node, node.argument?.literal?.value ?? node.source?.value, whole),
      CallExpression: (node) => {
        const [argument] = node.arguments;
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          argument?.type === 'Literal'
        ) {
          check(node, argument.value, whole);
        }
      },
    };
  },
};

/** The ESLint plugin: `process-boundaries/imports`. */
export const processBoundaries = { rules: { imports: rule } };

/** Globals of another process that a zone's code may not touch (the types catch most). */
const NODE_GLOBALS = ['process', 'Buffer', 'global', 'require', '__dirname', '__filename'];
const DOM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
];
export const restrictedGlobals = {
  shared: [...NODE_GLOBALS, ...DOM_GLOBALS],
  renderer: NODE_GLOBALS,
};
