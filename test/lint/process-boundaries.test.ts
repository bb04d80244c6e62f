import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/** The repository, where eslint.config.js is: the real config, fed code that is not on disk. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BOUNDARY_RULES = new Set([
  'process-boundaries/imports',
  'no-restricted-imports',
  'no-restricted-globals',
]);
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary problems ESLint reports for `code` as if it were the file at `path`. */
async function boundaryProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? [])
    .filter((m) => m.fatal || BOUNDARY_RULES.has(m.ruleId ?? ''))
    .map((m) => m.message);
}

/** Deliberate violations, one or more per zone, each of which must fail. */
const VIOLATIONS: [file: string, code: string][] = [
  // shared/: the standard library, zod and libphonenumber-js
  ['shared/x.ts', "import { readFileSync } from 'node:fs';"],
  ['shared/x.ts', "import { readFileSync } from 'fs';"],
  ['shared/x.ts', "import { createHash } from 'crypto';"],
  ['shared/x.ts', "import { Buffer } from 'buffer';"],
  ['shared/x.ts', "import { Buffer } from 'buffer/';"],
  ['shared/x.ts', "import { app } from 'electron';"],
  ['shared/x.ts', "import { useState } from 'react';"],
  ['shared/x.ts', "import { createStore } from 'zustand';"],
  ['shared/x.ts', "import { Signal } from '../renderer/x';"],
  ['shared/x.ts', "import { Server } from '../pbx/server';"],
  ['shared/x.ts', "export * from '../main/x';"],
  ['shared/x.ts', 'export const home = process.env.HOME;'],
  ['shared/x.ts', 'export const w = window.innerWidth;'],
  // renderer/: + the DOM and the UI libraries
  ['renderer/app/x.ts', "import { readFile } from 'node:fs/promises';"],
  ['renderer/app/x.ts', "import { readFile } from 'fs';"],
  ['renderer/app/x.ts', "import { randomUUID } from 'crypto';"],
  ['renderer/app/x.ts', "import { Buffer } from 'buffer';"],
  ['renderer/app/x.ts', "import { ipcRenderer } from 'electron';"],
  ['renderer/app/x.ts', "import { ipcRenderer } from 'electron/renderer';"],
  ['renderer/app/x.ts', "import { UA } from 'jssip';"],
  ['renderer/features/x.ts', "import UA from 'jssip/lib/UA';"],
  ['renderer/app/x.ts', "export const load = () => import('jssip');"],
  ['renderer/app/x.ts', "import { startPbx } from '../../pbx/server';"],
  ['renderer/app/x.ts', "import { trayIconDir } from '../../main/desktop';"],
  ['renderer/app/x.ts', "import fastify from 'fastify';"],
  ['renderer/app/x.ts', 'export const env = process.env;'],
  // main/preload/: contextBridge and ipcRenderer only
  ['main/preload/x.ts', "import { readFileSync } from 'node:fs';"],
  ['main/preload/x.ts', "import { readFileSync } from 'fs';"],
  ['main/preload/x.ts', "import { shell } from 'electron';"],
  ['main/preload/x.ts', "import * as electron from 'electron';"],
  ['main/preload/preload.ts', "import { ipcRenderer } from 'electron';"],
  ['main/preload/x.ts', "import { createIpcMain } from '../ipc/handle';"],
  ['main/preload/x.ts', "import { z } from 'zod';"],
  // main/: + Node and Electron main, raw ipcMain only in its wrapper
  ['main/x.ts', "import { ipcMain } from 'electron';"],
  ['main/x.ts', "import { ipcMain } from 'electron/main';"],
  ['main/x.ts', "export { ipcMain } from 'electron';"],
  ['main/x.ts', "import electron from 'electron';"],
  ['main/x.ts', "import { contextBridge } from 'electron';"],
  ['main/x.ts', "import { ipcRenderer } from 'electron/renderer';"],
  ['main/x.ts', "import { useState } from 'react';"],
  ['main/x.ts', "import { Shell } from '../renderer/app/Shell';"],
  ['main/x.ts', "import { startPbx } from '../pbx/server';"],
  ['main/x.ts', "import { invoke } from './preload/invoke';"],
  ['main/x.ts', "import { UA } from 'jssip';"],
  // pbx/: + Node and its own dependencies
  ['pbx/x.ts', "import { app } from 'electron';"],
  ['pbx/x.ts', "import { useState } from 'react';"],
  ['pbx/x.ts', "import { UA } from 'jssip';"],
  ['pbx/x.ts', "import { Shell } from '../renderer/app/Shell';"],
  ['pbx/x.ts', "import { trayIconDir } from '../main/desktop';"],
  ['pbx/x.ts', "import { support } from '../test/support/pbx';"],
  ['pbx/x.ts', "const mod = 'fs'; export const load = () => import(mod);"],
];

/** What each zone may do, so a rule that refuses everything cannot pass. */
const ALLOWED: [file: string, code: string][] = [
  [
    'shared/x.ts',
    "import { z } from 'zod'; import { parsePhoneNumber } from 'libphonenumber-js/min';",
  ],
  ['shared/x.ts', "import { REFUSALS } from './refusals'; export const n = new URL('x:y');"],
  ['shared/x.test.ts', "import { it } from 'vitest';"],
  [
    'renderer/app/x.ts',
    "import { useState } from 'react'; import { REFUSALS } from '../../shared/refusals';",
  ],
  ['renderer/app/x.ts', "import a from '../../assets/sounds/second-line.en.wav?no-inline';"],
  ['renderer/app/x.ts', 'export const w = window.innerWidth + document.title.length;'],
  ['renderer/sip/x.ts', "import JsSIP from 'jssip'; import { UA } from 'jssip/lib/UA';"],
  ['renderer/app/x.test.tsx', "import { render } from '@testing-library/react';"],
  [
    'main/preload/x.ts',
    "import { contextBridge } from 'electron'; import { IPC } from '../../shared/ipc-contract';",
  ],
  ['main/preload/invoke.ts', "import { ipcRenderer, type IpcRendererEvent } from 'electron';"],
  ['main/x.ts', "import { app, BrowserWindow } from 'electron'; import { join } from 'node:path';"],
  [
    'main/x.ts',
    "import { autoUpdater } from 'electron-updater'; import { readFile } from 'fs/promises';",
  ],
  ['main/ipc/handle.ts', "import { ipcMain, type IpcMainInvokeEvent } from 'electron';"],
  ['pbx/x.ts', "import { createSocket } from 'node:dgram'; import Fastify from 'fastify';"],
  [
    'pbx/x.ts',
    "import { isSipNumber } from '../shared/refusals'; import { createHash } from 'crypto';",
  ],
  ['pbx/x.test.ts', "import { startTestPbx } from '../test/support/pbx';"],
  ['test/x.ts', "import { chromium } from 'playwright-core'; import { app } from 'electron';"],
];

describe('the process boundaries (eslint.config.js, lint/process-boundaries.js)', () => {
  it.each(VIOLATIONS)('%s: refuses %s', async (file, code) => {
    expect(await boundaryProblems(file, code)).not.toEqual([]);
  });

  it.each(ALLOWED)('%s: allows %s', async (file, code) => {
    expect(await boundaryProblems(file, code)).toEqual([]);
  });

  it('says which zone refused and what it allows', async () => {
    const [message] = await boundaryProblems('shared/x.ts', "import { readFileSync } from 'fs';");
    expect(message).toBe(
      'shared/ (shared/) may not import Node\'s "fs": shared/, zod and libphonenumber-js only (no node:*, no electron, no React).',
    );
  });
});
