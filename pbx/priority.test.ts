import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

describe('setSipThreadNice', () => {
  it("sets the calling thread's niceness", () => {
    // In a process of its own: a thread's niceness outlives the test.
    const script = `
      import { getPriority } from 'node:os';
      import { setSipThreadNice } from ${JSON.stringify(join(import.meta.dirname, 'priority.ts'))};
      const warning = setSipThreadNice(7);
      console.log(JSON.stringify({ warning: warning ?? null, nice: getPriority() }));
    `;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(output)).toEqual({ warning: null, nice: 7 });
  });

  it('says why when the system refuses, and does not throw', async () => {
    vi.resetModules();
    vi.doMock('node:os', () => ({
      setPriority: () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    }));
    const { setSipThreadNice } = await import('./priority');
    expect(setSipThreadNice(-10)).toBe(
      "Cannot set the SIP thread's niceness to -10: a negative niceness needs root or the CAP_SYS_NICE capability (systemd: Nice=). It runs at the usual priority.",
    );
    vi.doUnmock('node:os');
  });
});
