import { beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../store';
import { issueResetCode, redeemResetCode, RESET_CODE_TTL_MS } from './admin-recovery';
import { createAdmin, verifyAdminPassword } from './admins';

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  const acme = store.forCompany((await store.companies.create({ name: 'Acme' })).id);
  await createAdmin(acme, { email: 'boss@acme.example', password: 'the old admin password' });
});

describe('admin reset codes', () => {
  it('work until they expire, and for no one else', async () => {
    const now = 1_000_000;
    expect(await issueResetCode(store, 'nobody@acme.example', now)).toBeUndefined();
    const { code } = (await issueResetCode(store, ' BOSS@acme.example', now))!;
    await expect(
      redeemResetCode(store, code, 'a new admin password', now + RESET_CODE_TTL_MS),
    ).rejects.toMatchObject({ field: 'code' });
    await redeemResetCode(store, code, 'a new admin password', now + RESET_CODE_TTL_MS - 1);
    expect(
      await verifyAdminPassword(store, 'boss@acme.example', 'a new admin password'),
    ).not.toBeNull();
    const audit = await store.forCompany(1).audit.list();
    expect(audit[0]).toMatchObject({ actor: 'boss@acme.example', action: 'admin.reset-password' });
  });
});
