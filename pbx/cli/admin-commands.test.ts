import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAdminPassword } from '../directory';
import { openDataDirStore } from '../store';
import { runAdminCli } from './admin-commands';
import { runCompanyCli } from './company-commands';

let root: string;
let dataDir: string;
let oldPassword: string;
const AT = Date.UTC(2026, 0, 5);
const EMAIL = 'boss@acme.example';

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
  dataDir = join(root, 'data');
  const added = await runCompanyCli(
    ['company', 'add', '--name', 'Acme', '--admin-email', EMAIL, '--json', '--data-dir', dataDir],
    { env: {} },
  );
  oldPassword = String((JSON.parse(added.stdout) as { password: string }).password);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const admin = (...argv: string[]) =>
  runAdminCli(['admin', ...argv, '--data-dir', dataDir], { env: {}, now: () => AT });

async function withStore<T>(
  fn: (store: Awaited<ReturnType<typeof openDataDirStore>>) => Promise<T>,
) {
  const store = await openDataDirStore(dataDir);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('pbx admin reset-password', () => {
  it('prints a new password once; it signs in, the old one no longer does; audited', async () => {
    const r = await admin('reset-password', 'Boss@Acme.example');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const password = /Password {2}(\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(password).toHaveLength(20);
    expect(r.stdout).toContain('shown only now');
    expect(r.stdout).not.toContain('e-mailed');
    await withStore(async (store) => {
      expect(await verifyAdminPassword(store, EMAIL, password)).not.toBeNull();
      expect(await verifyAdminPassword(store, EMAIL, oldPassword)).toBeNull();
      const admin = await store.admins.getByEmail(EMAIL);
      const entries = await store.forCompany(admin!.companyId).audit.list();
      expect(entries.at(0)).toMatchObject({
        actor: 'cli',
        action: 'admin.reset-password',
        target: `admin ${admin!.id} (${EMAIL})`,
        after: { mail: null },
        at: AT,
      });
      expect(JSON.stringify(entries)).not.toContain(password);
    });
  });

  it('--email without an SMTP server saves the message in the outbox and says it was not e-mailed', async () => {
    const r = await admin('reset-password', EMAIL, '--email', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { email: string; password: string; mail: string };
    expect(out).toMatchObject({ email: EMAIL, mail: 'saved-to-outbox' });
    const outbox = join(dataDir, 'outbox');
    const [file] = readdirSync(outbox);
    expect(readFileSync(join(outbox, file!), 'utf8')).toContain(out.password);
  });

  it('an unknown e-mail is refused in words and changes nothing', async () => {
    const r = await admin('reset-password', 'nobody@acme.example');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no admin with the e-mail nobody@acme.example');
    await withStore(async (store) => {
      expect(await verifyAdminPassword(store, EMAIL, oldPassword)).not.toBeNull();
    });
  });
});
