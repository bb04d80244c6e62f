import { describe, expect, it, vi } from 'vitest';
import type { PbxApi } from '../../api';
import { createAppStore, memoryStorage } from '../../store';
import { reportDoNotDisturb } from './do-not-disturb';

const INSTANCE = '3f1c2b7a-0d5e-4a8e-9a77-1d2f3c4b5a69';

function setup() {
  const store = createAppStore({ storage: memoryStorage(), language: 'en' });
  const sent: { instance: string; on: boolean }[] = [];
  const setDoNotDisturb = vi.fn(async (body: { instance: string; on: boolean }) => {
    sent.push(body);
  });
  const call = <T>(fn: (api: PbxApi) => Promise<T>) => fn({ setDoNotDisturb } as unknown as PbxApi);
  const stop = reportDoNotDisturb(store, { call }, async () => INSTANCE);
  const ready = () => {
    store.getState().signedIn({ server: 'wss://pbx.test', sipNumber: '0462626' });
    store.getState().registrationChanged('registered');
    store.getState().myNumberChanged({ status: 'ready' });
  };
  const dnd = (on: boolean) => store.getState().updateSettings({ doNotDisturb: on });
  return { store, sent, setDoNotDisturb, stop, ready, dnd };
}

describe('do not disturb reported to the PBX', () => {
  it('reports once registered with the API up, then on every change of the switch', async () => {
    const { sent, ready, dnd } = setup();
    dnd(true);
    expect(sent).toEqual([]); // not registered yet: the PBX would have no device to keep it on
    ready();
    await vi.waitFor(() => expect(sent).toEqual([{ instance: INSTANCE, on: true }]));
    dnd(false);
    dnd(false);
    await vi.waitFor(() => expect(sent.map((s) => s.on)).toEqual([true, false]));
  });

  it('reports again after registering anew (a new binding starts without DND)', async () => {
    const { store, sent, ready, dnd } = setup();
    ready();
    dnd(true);
    await vi.waitFor(() => expect(sent.map((s) => s.on)).toEqual([false, true]));
    store.getState().registrationChanged('connecting');
    store.getState().registrationChanged('registered');
    await vi.waitFor(() => expect(sent.map((s) => s.on)).toEqual([false, true, true]));
  });

  it('a failed report is sent again at the next change, and stops with the wiring', async () => {
    const { store, sent, setDoNotDisturb, stop, ready, dnd } = setup();
    setDoNotDisturb.mockRejectedValueOnce(new Error('offline'));
    ready();
    await vi.waitFor(() => expect(setDoNotDisturb).toHaveBeenCalledTimes(1));
    expect(sent).toEqual([]);
    dnd(true);
    await vi.waitFor(() => expect(sent.map((s) => s.on)).toEqual([true]));
    stop();
    dnd(false);
    store.getState().registrationChanged('connecting');
    store.getState().registrationChanged('registered');
    await new Promise((r) => setTimeout(r, 20));
    expect(sent.map((s) => s.on)).toEqual([true]);
  });
});
