import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallInfo, SipAdapterConfig } from '../../renderer/sip/types';
import { startTestPbx, type TestPbx } from '../support/pbx';
import { stubWebRtc } from './fake-webrtc';
import { adapterFor, type AdapterUnderTest } from './harness';

let pbx: TestPbx;
const adapters: AdapterUnderTest[] = [];

beforeAll(() => stubWebRtc());
afterAll(() => vi.unstubAllGlobals());

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.adapter.stop()));
  await pbx?.stop();
});

async function signIn(
  name: string,
  overrides: Partial<SipAdapterConfig> = {},
): Promise<AdapterUnderTest & { sipNumber: string }> {
  const employee = await pbx.addEmployee(name);
  const under = adapterFor(`ws://127.0.0.1:${pbx.pbx.ports.http}`, employee, overrides);
  adapters.push(under);
  under.adapter.start(under.config);
  await under.until('registered');
  return { ...under, sipNumber: employee.sipNumber };
}

const only = (under: AdapterUnderTest): CallInfo | undefined => [...under.calls.values()][0];

describe('SIP adapter calls through the PBX (signalling only)', () => {
  it('an unknown number is refused with its token and status', async () => {
    pbx = await startTestPbx();
    const anna = await signIn('Anna Ivanova');
    const id = anna.adapter.call('0999999');
    await expect.poll(() => anna.calls.get(id)?.state).toBe('ended');
    expect(anna.calls.get(id)).toMatchObject({
      endReason: 'refused',
      refusal: 'unknown-number',
      status: 404,
    });
  });

  it('a colleague with no device is refused as not registered', async () => {
    pbx = await startTestPbx();
    const anna = await signIn('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const id = anna.adapter.call(boris.sipNumber);
    await expect.poll(() => anna.calls.get(id)?.state).toBe('ended');
    expect(anna.calls.get(id)).toMatchObject({
      endReason: 'refused',
      refusal: 'not-registered',
      status: 480,
    });
  });

  it('the callee rings with the caller name and number; declining ends both as declined', async () => {
    pbx = await startTestPbx();
    const anna = await signIn('Anna Ivanova');
    const boris = await signIn('Boris Petrov');
    const id = anna.adapter.call(boris.sipNumber);

    await expect.poll(() => only(boris)?.state).toBe('ringing');
    expect(only(boris)).toMatchObject({
      direction: 'incoming',
      remoteNumber: anna.sipNumber,
      remoteName: 'Anna Ivanova',
      waiting: false,
      line: 1,
    });
    await expect.poll(() => anna.calls.get(id)?.state).toBe('ringback');

    boris.adapter.decline(only(boris)?.id ?? '');
    await expect.poll(() => anna.calls.get(id)?.state).toBe('ended');
    expect(anna.calls.get(id)).toMatchObject({ endReason: 'declined', status: 603 });
    expect(only(boris)).toMatchObject({ state: 'ended', endReason: 'declined' });
  });

  it('the caller hanging up while it rings ends both as cancelled', async () => {
    pbx = await startTestPbx();
    const anna = await signIn('Anna Ivanova');
    const boris = await signIn('Boris Petrov');
    const id = anna.adapter.call(boris.sipNumber);
    await expect.poll(() => only(boris)?.state).toBe('ringing');
    await expect.poll(() => anna.calls.get(id)?.state).toBe('ringback');

    anna.adapter.hangup(id);
    await expect.poll(() => only(boris)?.state).toBe('ended');
    expect(only(boris)?.endReason).toBe('cancelled');
    await expect.poll(() => anna.calls.get(id)?.state).toBe('ended');
    expect(anna.calls.get(id)?.endReason).toBe('cancelled');
  });

  it('answered: both connected, SIP INFO DTMF arrives, a hang-up ends both sides', async () => {
    pbx = await startTestPbx();
    const anna = await signIn('Anna Ivanova', { dtmfMethod: 'info' });
    const boris = await signIn('Boris Petrov');
    const id = anna.adapter.call(boris.sipNumber);
    await expect.poll(() => only(boris)?.state).toBe('ringing');
    const borisCall = only(boris)?.id ?? '';

    boris.adapter.answer(borisCall);
    await expect.poll(() => anna.calls.get(id)?.state).toBe('connected');
    await expect.poll(() => boris.calls.get(borisCall)?.state).toBe('connected');

    anna.adapter.sendDtmf(id, '1#');
    await expect.poll(() => boris.dtmf).toEqual([`${borisCall}:1`, `${borisCall}:#`]);

    anna.adapter.hangup(id);
    await expect.poll(() => boris.calls.get(borisCall)?.state).toBe('ended');
    expect(boris.calls.get(borisCall)?.endReason).toBe('hangup-remote');
    expect(anna.calls.get(id)).toMatchObject({ state: 'ended', endReason: 'hangup-local' });
  });
});
