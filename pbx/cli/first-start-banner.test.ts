import { readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoCredentials } from './demo-company';
import { FIRST_START_FILE, showFirstStartCredentials } from './first-start-banner';

const demo: DemoCredentials = {
  company: 'Demo Company',
  domain: 'pbx.test',
  admin: { email: 'admin@demo.example', password: 'admin-secret-123' },
  employees: [{ name: 'Anna Ivanova', sipNumber: '0100001', password: 'anna-secret-456' }],
};

function capture() {
  let text = '';
  return { notice: (line: string) => void (text += `${line}\n`), text: () => text };
}

describe('the first start banner', () => {
  it('goes to the terminal when one is attached, and nowhere else', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'banner-'));
    const logged = capture();
    let shown = '';
    const file = await showFirstStartCredentials(demo, {
      terminal: { write: (text: string) => (shown += text) },
      dataDir,
      notice: logged.notice,
    });
    expect(file).toBeUndefined();
    expect(shown).toContain('admin-secret-123');
    expect(shown).toContain('anna-secret-456');
    expect(() => statSync(join(dataDir, FIRST_START_FILE))).toThrow();
    expect(logged.text()).toBe('');
  });

  it('otherwise goes to a file only this user reads, whose path (not a password) is told', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'banner-')), 'data');
    const logged = capture();
    const file = await showFirstStartCredentials(demo, { dataDir, notice: logged.notice });
    expect(file).toBe(join(dataDir, FIRST_START_FILE));
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    expect(readFileSync(file!, 'utf8')).toContain('anna-secret-456');
    expect(logged.text()).toContain(file);
    expect(logged.text()).not.toContain('secret');
  });

  it('makes a file left from before private again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'banner-'));
    writeFileSync(join(dataDir, FIRST_START_FILE), 'old', { mode: 0o644 });
    const file = await showFirstStartCredentials(demo, { dataDir, notice: capture().notice });
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    expect(readFileSync(file!, 'utf8')).not.toContain('old');
  });
});
