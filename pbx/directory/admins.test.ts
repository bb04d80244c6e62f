import { beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type CompanyStore, type Store } from '../store';
import { createAdmin, verifyAdminPassword } from './admins';
import { DirectoryError } from './errors';

let store: Store;
let acme: CompanyStore;

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  acme = store.forCompany((await store.companies.create({ name: 'Acme' })).id);
});

describe('admin accounts', () => {
  it('stores an scrypt hash and verifies the right password only', async () => {
    const password = 'correct horse battery';
    const admin = await createAdmin(acme, { email: ' Boss@Acme.example', password });
    expect(admin.email).toBe('boss@acme.example');
    expect(admin.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(admin.passwordHash).not.toContain(password);
    expect((await verifyAdminPassword(store, 'BOSS@acme.example', password))?.id).toBe(admin.id);
    expect(await verifyAdminPassword(store, 'boss@acme.example', 'wrong password!')).toBeNull();
    expect(await verifyAdminPassword(store, 'nobody@acme.example', password)).toBeNull();
  });

  it('salts: the same password hashes differently', async () => {
    const a = await createAdmin(acme, { email: 'a@acme.example', password: 'same password' });
    const b = await createAdmin(acme, { email: 'b@acme.example', password: 'same password' });
    expect(a.passwordHash).not.toBe(b.passwordHash);
  });

  it('refuses a taken e-mail (in any company), a bad e-mail and a short password', async () => {
    await createAdmin(acme, { email: 'boss@acme.example', password: 'long enough pw' });
    const other = store.forCompany((await store.companies.create({ name: 'Other' })).id);
    const attempt = (email: string, password: string, company = acme) =>
      createAdmin(company, { email, password });
    await expect(attempt('BOSS@acme.example', 'long enough pw', other)).rejects.toThrow(
      /already exists/,
    );
    await expect(attempt('boss', 'long enough pw')).rejects.toBeInstanceOf(DirectoryError);
    await expect(attempt('new@acme.example', 'short')).rejects.toThrow(/at least 12/);
  });
});
