import { describe, expect, it } from 'vitest';
import { createAppStore, memoryStorage } from './index';

const fresh = () => createAppStore({ storage: memoryStorage(), language: 'en' });
const session = {
  server: 'pbx.test',
  baseUrl: 'https://pbx.test',
  token: 'tok',
  email: 'boss@example.com',
  company: { id: 7, name: 'Acme' },
};

describe('admin slice', () => {
  it('bumps the counters of what an event names', () => {
    const store = fresh();
    const { adminChanged } = store.getState();
    adminChanged({ type: 'devices-changed', employeeId: 11, sipNumber: '0462626' });
    adminChanged({ type: 'sip-number-changed', employeeId: 11, sipNumber: '0462626' });
    adminChanged({ type: 'absences-changed', employeeId: 12 });
    adminChanged({ type: 'company-numbers-changed' });
    expect(store.getState().admin.changes).toEqual({
      employees: 2,
      companyNumbers: 1,
      number: { 11: 1 },
      devices: { 11: 1 },
      absences: { 12: 1 },
    });
    adminChanged({ type: 'everything' });
    expect(store.getState().admin.changes).toEqual({
      employees: 3,
      companyNumbers: 2,
      number: { 11: 2 },
      devices: { 11: 2 },
      absences: { 12: 2 },
    });
  });

  it('signs in on the employees page and out with the reason kept', () => {
    const store = fresh();
    store.getState().showAdminPage({ name: 'audit' });
    store.getState().adminSignedIn(session);
    expect(store.getState().admin).toMatchObject({ session, page: { name: 'employees' } });
    store.getState().adminSignedOut(true);
    expect(store.getState().admin.session).toBeUndefined();
    expect(store.getState().admin.expired).toBe(true);
    store.getState().adminSignedIn(session);
    expect(store.getState().admin.expired).toBeUndefined();
  });
});

describe('shell slice', () => {
  it('shows the Phone tab when a call rings here, not for outgoing calls', () => {
    const store = fresh();
    const base = {
      remoteNumber: '0111111',
      line: 1,
      waiting: false,
      muted: false,
      held: false,
      startedAt: 0,
    };
    store.getState().showTab('admin');
    store.getState().callAdded({ ...base, id: 'a', direction: 'outgoing', state: 'dialing' });
    expect(store.getState().tab).toBe('admin');
    store.getState().callAdded({ ...base, id: 'b', direction: 'incoming', state: 'ringing' });
    expect(store.getState().tab).toBe('phone');
  });
});
