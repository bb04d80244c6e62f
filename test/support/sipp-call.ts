import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestPbx } from './pbx';
import { freePort, runSipp, type SippRun } from './sipp';

export interface Party {
  sipNumber: string;
  password: string;
}

export interface SippCall {
  /** The Call-ID SIPp uses (from `-cid_str`), unique per call. */
  callId: string;
  done: Promise<SippRun>;
  kill(): void;
}

/** SIPp runs started since the last `killSippCalls()`, so no test leaves one running. */
const running: SippCall[] = [];

/**
 * A SIPp UAC scenario (test/sipp/uac-*.xml) over UDP in which `caller` calls `callee`,
 * authenticating with the caller's credentials. `pauseMs` is SIPp's `-d` for `<pause/>`.
 */
export async function sippCall(
  pbx: TestPbx,
  caller: Party,
  callee: Party,
  scenario: string,
  options: {
    pauseMs?: number;
    timeoutSeconds?: number;
    callKey?: string;
    /** More `-key` values for the scenario (e.g. a transfer's target). */
    keys?: Record<string, string>;
  } = {},
): Promise<SippCall> {
  const key = options.callKey ?? newCallKey(scenario);
  const run = runSipp({
    scenario,
    remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
    transport: 'u1',
    localPort: await freePort(),
    service: callee.sipNumber,
    user: caller.sipNumber,
    password: caller.password,
    keys: { caller: caller.sipNumber, ...options.keys },
    timeoutSeconds: options.timeoutSeconds,
    extra: ['-cid_str', `${key}-%u`, ...(options.pauseMs ? ['-d', String(options.pauseMs)] : [])],
  });
  const call = { callId: `${key}-1`, ...run };
  running.push(call);
  return call;
}

/** A `-cid_str` prefix no other call shares; SIPp's first call is then `${key}-1`. */
export function newCallKey(name: string): string {
  return `${name.replace(/\.xml$/, '')}-${randomBytes(4).toString('hex')}`;
}

/**
 * A SIPp UAS scenario for a device of `device` that registers first, with the Call-ID of the
 * call it is to answer (same `callKey` as the caller), so the INVITE joins its scenario.
 */
export async function sippDevice(
  pbx: TestPbx,
  device: Party,
  scenario: string,
  callKey: string,
): Promise<SippCall> {
  const run = runSipp({
    scenario,
    remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
    transport: 'u1',
    localPort: await freePort(),
    service: device.sipNumber,
    user: device.sipNumber,
    password: device.password,
    extra: ['-cid_str', `${callKey}-%u`],
  });
  const call = { callId: `${callKey}-1`, ...run };
  running.push(call);
  return call;
}

/** Fails the test with SIPp's own account unless the scenario ran to its end. */
export async function expectSucceeded(call: SippCall): Promise<void> {
  const run = await call.done;
  expect(run.code, `SIPp failed:\n${run.stdout.slice(-1500)}\n${run.errors}`).toBe(0);
}

/** Kills every SIPp still running; a test file calls it in `afterEach`. */
export function killSippCalls(): void {
  for (const call of running.splice(0)) call.kill();
}
