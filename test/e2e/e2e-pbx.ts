import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../pbx/config';
import { createLogger } from '../../pbx/log';
import { DEFAULT_RENDERER_DIR, startPbx, type PbxOptions, type RunningPbx } from '../../pbx/server';
import type { Store } from '../../pbx/store';

export const E2E_DOMAIN = 'pbx.e2e';

/** The PBX the end-to-end tests drive: 127.0.0.1, OS-chosen ports, the built web softphone. */
export function startE2ePbx(
  store: Store,
  overrides: Partial<PbxOptions> = {},
): Promise<RunningPbx> {
  return startPbx({
    ...DEFAULT_CONFIG,
    domain: E2E_DOMAIN,
    listenHost: '127.0.0.1',
    httpPort: 0,
    sipPort: 0,
    store,
    rendererDir: DEFAULT_RENDERER_DIR,
    outboxDir: mkdtempSync(join(tmpdir(), 'pbx-outbox-')),
    logger: createLogger(process.env.PBX_TEST_LOG ?? 'silent'),
    ...overrides,
  });
}
