import { describe, expect, it } from 'vitest';
import { createEmployee } from '../directory';
import { openSqliteStore } from '../store';
import { hashToken, SessionService } from './sessions';

const REALM = 'corp.example';

describe('SessionService', () => {
  it('a full disk does not refuse a signed-in request: the expiry is moved when writes work again', async () => {
    const store = await openSqliteStore(':memory:');
    const company = store.forCompany((await store.companies.create({ name: 'Acme' })).id);
    const anna = await createEmployee(company, { name: 'Anna Ivanova' }, REALM);
    let now = 1_000_000;
    const sessions = new SessionService({ store, realm: REALM, now: () => now });
    const { token } = await sessions.signInEmployee(anna.sipNumber, anna.password, '10.0.0.1');

    const setExpiry = store.apiSessions.setExpiry.bind(store.apiSessions);
    store.apiSessions.setExpiry = () =>
      Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    now += 10 * 60_000;
    expect((await sessions.authenticate(token)).actor).toBe(anna.sipNumber);

    // Any other failure of the write is still an error.
    store.apiSessions.setExpiry = () => Promise.reject(new Error('a bug'));
    now += 10 * 60_000;
    await expect(sessions.authenticate(token)).rejects.toThrow('a bug');

    store.apiSessions.setExpiry = setExpiry;
    await sessions.authenticate(token);
    const stored = await store.apiSessions.get(hashToken(token));
    expect(stored?.expiresAt).toBe(now + 24 * 3_600_000);
  });
});
