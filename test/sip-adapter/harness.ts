/** A SIP adapter against the test PBX, with a sink that records what the store would get. */
import '../support/jssip';
import { randomUUID } from 'node:crypto';
import { createJsSipAdapter } from '../../renderer/sip';
import { createSipLogger } from '../../renderer/sip/logger';
import type {
  CallInfo,
  RegistrationProblem,
  RegistrationStatus,
  SipAdapter,
  SipAdapterConfig,
  SipEventSink,
} from '../../renderer/sip/types';
import { TEST_DOMAIN } from '../support/pbx';

export interface Recorded {
  status: RegistrationStatus;
  problem?: RegistrationProblem;
}

export interface AdapterUnderTest {
  adapter: SipAdapter;
  config: SipAdapterConfig;
  registrations: Recorded[];
  /** Calls as the store would hold them, by id. */
  calls: Map<string, CallInfo>;
  /** Digits received, as `${callId}:${digit}`. */
  dtmf: string[];
  logLines: string[];
  /** Resolves when the sink has been told this status (and problem, when given). */
  until(status: RegistrationStatus, problem?: RegistrationProblem, ms?: number): Promise<void>;
}

export function adapterFor(
  server: string,
  account: { sipNumber: string; password: string },
  overrides: Partial<SipAdapterConfig> = {},
): AdapterUnderTest {
  const registrations: Recorded[] = [];
  const logLines: string[] = [];
  const calls = new Map<string, CallInfo>();
  const dtmf: string[] = [];
  const sink: SipEventSink = {
    registrationChanged: (status, problem) => registrations.push({ status, problem }),
    callAdded: (call) => calls.set(call.id, call),
    callChanged: (id, patch) => {
      const call = calls.get(id);
      if (call) calls.set(id, { ...call, ...patch });
    },
    dtmfReceived: (id, digit) => dtmf.push(`${id}:${digit}`),
  };
  const adapter = createJsSipAdapter(sink, {
    // The shortest backoff JsSIP takes (whole seconds), so reconnecting takes a second.
    recovery: { minSeconds: 1, maxSeconds: 1 },
    logger: createSipLogger({ write: (_level, line) => logLines.push(line) }),
  });
  const config: SipAdapterConfig = {
    account: { server, domain: TEST_DOMAIN, ...account },
    deviceKind: 'softphone-web',
    instanceId: randomUUID(),
    iceServers: [],
    dtmfMethod: 'rfc4733',
    ...overrides,
  };
  const seen = (status: RegistrationStatus, problem?: RegistrationProblem) =>
    registrations.some(
      (r) => r.status === status && (problem === undefined || r.problem === problem),
    );
  return {
    adapter,
    config,
    registrations,
    calls,
    dtmf,
    logLines,
    async until(status, problem, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!seen(status, problem)) {
        if (Date.now() > deadline) {
          throw new Error(
            `no ${status}/${problem ?? '*'} within ${ms} ms; saw ${JSON.stringify(registrations)}; log: ${logLines.join(' | ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
