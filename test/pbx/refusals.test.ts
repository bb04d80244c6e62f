/**
 * One refusal path (issue 18 item 4): every refusal the PBX gives carries its status, reason
 * phrase and `X-Pbx-Reason` token from shared/refusals.ts, whichever part of the PBX gives it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_REFUSALS, REFUSALS } from '../../shared/refusals';
import {
  addCompanyNumber,
  carrierInvite,
  COMPANY_NUMBER,
  startPbxWithCarrier,
} from '../support/carrier';
import { TEST_DOMAIN, type TestPbx } from '../support/pbx';
import type { RawSipClient } from '../support/raw-sip-client';
import { requestWithDigest } from '../support/raw-sip-client';
import { closeSipClients, sipClient } from '../support/sip-devices';
import { nextInvite, respond } from '../support/sip-peer';

let pbx: TestPbx;
let carrier: RawSipClient;

afterEach(async () => {
  closeSipClients();
  carrier?.close();
  await pbx?.stop();
});

const answer = (r: {
  status: number;
  reason: string;
  headers: { get(n: string): string | undefined };
}) => [r.status, r.reason, r.headers.get('x-pbx-reason')];

describe('the refusal table', () => {
  it('gives every refusal a status, a reason phrase and a token', () => {
    for (const refusal of [...Object.values(REFUSALS), ...Object.values(PROTOCOL_REFUSALS)]) {
      expect(refusal.status).toBeGreaterThanOrEqual(400);
      expect(refusal.reason).toMatch(/^[A-Z][\w/ ]+$/);
      expect(refusal.token).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });
});

describe('refusals on the wire', () => {
  it('a client calling a company number assigned to nobody: 480 no-employee (SPEC §3)', async () => {
    ({ pbx, carrier } = await startPbxWithCarrier());
    addCompanyNumber(pbx, null);
    const call = carrierInvite(carrier, pbx.pbx.ports.sip, COMPANY_NUMBER, '+78127654321');
    carrier.send(call.invite);
    const refused = await carrier.waitFor(
      (r) => r.headers.get('call-id') === call.callId && r.status >= 300,
    );
    expect(answer(refused)).toEqual([480, 'No Employee For This Number', 'no-employee']);
  });

  it('protocol refusals carry their tokens too', async () => {
    ({ pbx, carrier } = await startPbxWithCarrier());
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const phone = await sipClient(pbx);
    const send = (spec: Partial<Parameters<typeof requestWithDigest>[1]>) =>
      requestWithDigest(phone, {
        method: 'MESSAGE',
        uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
        sipNumber: anna.sipNumber,
        password: anna.password,
        ...spec,
      });
    expect(answer(await send({ headers: ['Max-Forwards: 0'] }))).toEqual([
      483,
      'Too Many Hops',
      'too-many-hops',
    ]);
    expect(answer(await send({ fromUser: boris.sipNumber }))).toEqual([
      403,
      'From Does Not Match Credentials',
      'credentials-mismatch',
    ]);
    expect(answer(await send({ headers: ['Route: <sip:nowhere;lr'] }))).toEqual([
      400,
      'Bad Route',
      'bad-request',
    ]);
    expect(
      answer(
        await send({ toTag: 'gone', headers: [`Route: <sip:127.0.0.1:${pbx.pbx.ports.sip};lr>`] }),
      ),
    ).toEqual([481, 'Call/Transaction Does Not Exist', 'no-dialog']);
  });
});

describe('refusals of the back-to-back agent (the carrier trunk)', () => {
  /** Anna's phone calls a client; the carrier refuses with `status` and the given headers. */
  async function carrierRefuses(status: number, headers: string[] = []) {
    ({ pbx, carrier } = await startPbxWithCarrier());
    await addCompanyNumber(pbx, null);
    const anna = await pbx.addEmployee('Anna Ivanova');
    const phone = await sipClient(pbx);
    const calling = requestWithDigest(phone, {
      method: 'INVITE',
      uri: `sip:+78127654321@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
    });
    respond(carrier, await nextInvite(carrier), status, { headers });
    return calling;
  }

  it("passes the carrier's refusal on with its status and the far-end-refused token", async () => {
    expect(answer(await carrierRefuses(486))).toEqual([486, 'Busy Here', 'far-end-refused']);
  });

  it("does not let the carrier choose the softphone's words (a token of the PBX's own)", async () => {
    const refused = await carrierRefuses(480, ['X-Pbx-Reason: employee-absent']);
    expect(answer(refused)).toEqual([480, 'Response', 'far-end-refused']);
  });

  it('a request that cannot be parsed is refused 400 with bad-request', async () => {
    ({ pbx, carrier } = await startPbxWithCarrier());
    const phone = await sipClient(pbx);
    phone.send(
      [
        `OPTIONS sip:${TEST_DOMAIN} SIP/2.0`,
        'Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKbad1',
        'From: <sip:0000001@pbx.test>;tag=a',
        `To: <sip:${TEST_DOMAIN}>`,
        'Call-ID: bad-cl-1',
        'CSeq: 1 OPTIONS',
        'Content-Length: abc',
        '',
        '',
      ].join('\r\n'),
    );
    const refused = await phone.waitFor((r) => r.headers.get('call-id') === 'bad-cl-1');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-pbx-reason')).toBe('bad-request');
  });
});
