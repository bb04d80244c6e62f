import { beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../store';
import { createAdmin, verifyAdminPassword } from './admins';
import { DirectoryError } from './errors';

let store: Store;
let companyId: number;
beforeEach(() => {
  store = openSqliteStore(':memory:');
  companyId = store.companies.create({ name: 'Acme' }).id;
});

describe('admin accounts', () => {
  it('stores an scrypt hash and verifies the right password only', async () => {
    const password = 'correct horse battery';
    const admin = createAdmin(store, { companyId, email: ' Boss@Acme.example', password });
    expect(admin.email).toBe('boss@acme.example');
    expect(admin.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(admin.passwordHash).not.toContain(password);
    expect((await verifyAdminPassword(store, 'BOSS@acme.example', password))?.id).toBe(admin.id);
    expect(await verifyAdminPassword(store, 'boss@acme.example', 'wrong password!')).toBeNull();
    expect(await verifyAdminPassword(store, 'nobody@acme.example', password)).toBeNull();
  });

  it('salts: the same password hashes differently', () => {
    const a = createAdmin(store, { companyId, email: 'a@acme.example', password: 'same password' });
    const b = createAdmin(store, { companyId, email: 'b@acme.example', password: 'same password' });
    expect(a.passwordHash).not.toBe(b.passwordHash);
  });

  it('refuses a taken e-mail, a bad e-mail and a short password', () => {
    createAdmin(store, { companyId, email: 'boss@acme.example', password: 'long enough pw' });
    const attempt = (email: string, password: string) => () =>
      createAdmin(store, { companyId, email, password });
    expect(attempt('BOSS@acme.example', 'long enough pw')).toThrow(/already exists/);
    expect(attempt('boss', 'long enough pw')).toThrow(DirectoryError);
    expect(attempt('new@acme.example', 'short')).toThrow(/at least 12/);
  });
});
