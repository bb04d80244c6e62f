/**
 * Announcements (SPEC §3): a client calling through the carrier an employee who is absent,
 * whose number is disabled, who is busy on all channels or who does not answer hears why —
 * `183` with rtpengine's SDP, a recording in G.711 (non-silent) from its port — then the refusal.
 */
import dgram from 'node:dgram';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { plainSdp } from '../../../pbx/media/test-sdp';
import type { SipResponse } from '../../../pbx/sip/message';
import {
  addCompanyNumber,
  carrierInvite,
  COMPANY_NUMBER,
  startPbxWithCarrier,
} from '../../support/carrier';
import { TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';
import { answer, nextInvite } from '../../support/sip-peer';
import { g711Level } from '../../e2e/g711';
import { audioPort } from './sdp-answers';

const CLIENT = '+78127654321';
const HOUR = 3600_000;

let rtpengine: TestRtpengine;
let pbx: TestPbx;
let carrier: RawSipClient;
const sockets: dgram.Socket[] = [];

beforeAll(async () => {
  rtpengine = await startRtpengine();
});
afterAll(async () => {
  await rtpengine?.stop();
});
afterEach(async () => {
  sockets.splice(0).forEach((socket) => socket.close());
  closeSipClients();
  carrier?.close();
  await pbx?.stop();
});

async function start(bridged = true) {
  ({ pbx, carrier } = await startPbxWithCarrier({
    ringTimeoutSeconds: 1,
    ...(bridged ? { rtpengine: { host: rtpengine.host, port: rtpengine.ngPort } } : {}),
  }));
  const anna = await pbx.addEmployee('Anna Ivanova');
  await addCompanyNumber(pbx, anna.id);
  return anna;
}

/** An absence of the employee from an hour ago until `to`, nobody covering. */
const awayUntil = (employeeId: number, to: number) =>
  pbx.company.absences.create({
    employeeId,
    from: Date.now() - HOUR,
    to,
    reason: 'vacation',
    forwardToEmployeeId: null,
  });

/** The carrier's media port: a UDP socket that keeps the RTP it receives. */
async function mediaSink() {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  const packets: { payloadType: number; payload: Buffer; from: number; at: number }[] = [];
  socket.on('message', (m, from) =>
    packets.push({
      payloadType: m[1]! & 0x7f,
      payload: m.subarray(12),
      from: from.port,
      at: Date.now(),
    }),
  );
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, packets };
}

/** A client's call from the carrier; resolves with the 183, the final response and the RTP. */
async function clientCall() {
  const sink = await mediaSink();
  const offer = plainSdp(sink.port, [
    [8, 'PCMA/8000'],
    [0, 'PCMU/8000'],
    [101, 'telephone-event/8000'],
  ]);
  const call = carrierInvite(carrier, pbx.pbx.ports.sip, COMPANY_NUMBER, CLIENT, undefined, offer);
  carrier.send(call.invite);
  const ofCall = (r: SipResponse) => r.headers.get('call-id') === call.callId;
  const progress = await carrier.waitFor((r) => ofCall(r) && r.status === 183, 5000);
  const final = await carrier.waitFor((r) => ofCall(r) && r.status >= 300, 15_000);
  const finalAt = Date.now();
  return { progress, final, finalAt, packets: sink.packets };
}

/** What the carrier got: 183 with SDP, a voice from rtpengine's port, then the refusal. */
function expectAnnounced(
  heard: Awaited<ReturnType<typeof clientCall>>,
  status: number,
  token: string,
  payloadType = 8,
) {
  const { progress, final, finalAt, packets } = heard;
  expect(progress.headers.get('content-type')).toBe('application/sdp');
  const sdp = progress.body.toString();
  expect(sdp).toMatch(new RegExp(`^m=audio \\d+ RTP/AVP ${payloadType}\\b`, 'm'));
  expect([final.status, final.headers.get('x-pbx-reason')]).toEqual([status, token]);
  expect(packets.length).toBeGreaterThan(100); // over 2 s of 20 ms packets
  expect(new Set(packets.map((p) => p.from))).toEqual(new Set([audioPort(sdp)]));
  expect(new Set(packets.map((p) => p.payloadType))).toEqual(new Set([payloadType]));
  expect(g711Level(packets)).toBeGreaterThan(300); // a voice: silence decodes to under 10
  expect(packets.at(-1)!.at).toBeLessThanOrEqual(finalAt + 100); // the refusal after the words
}

it('an absent employee: the client hears it (with the return date), then 480 employee-absent', async () => {
  const anna = await start();
  await awayUntil(anna.id, Date.now() + 48 * HOUR);
  expectAnnounced(await clientCall(), 480, 'employee-absent');
});

it('a disabled number: 183, the words, then 480 number-disabled', async () => {
  const anna = await start();
  await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
  expectAnnounced(await clientCall(), 480, 'number-disabled');
});

it('busy on all channels: 183, the words, then 486 channels-full', async () => {
  const anna = await start();
  const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
  const first = carrierInvite(carrier, pbx.pbx.ports.sip, COMPANY_NUMBER, '+78120000001');
  carrier.send(first.invite);
  await answer(phone, await nextInvite(phone)); // the one channel is taken
  expectAnnounced(await clientCall(), 486, 'channels-full');
});

it('no answer: after the ring timeout, 183, the words, then 480 no-answer', async () => {
  const anna = await start();
  const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
  const heard = clientCall();
  await nextInvite(phone); // rings, nobody answers; the PBX cancels it after 1 s
  expectAnnounced(await heard, 480, 'no-answer');
});

it('without rtpengine the PBX refuses at once, as before: no 183', async () => {
  const anna = await start(false);
  await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
  const call = carrierInvite(carrier, pbx.pbx.ports.sip, COMPANY_NUMBER, CLIENT);
  carrier.send(call.invite);
  const final = await carrier.waitFor(
    (r) => r.headers.get('call-id') === call.callId && r.status >= 300,
    5000,
  );
  expect([final.status, final.headers.get('x-pbx-reason')]).toEqual([480, 'number-disabled']);
  expect(carrier.responses.filter((r) => r.status === 183)).toHaveLength(0);
});

it('an IP phone calling a colleague who is away: 183, the words, then 480 employee-absent', async () => {
  const anna = await start();
  const boris = await pbx.addEmployee('Boris Petrov');
  await awayUntil(anna.id, Date.now() + HOUR);
  const sink = await mediaSink();
  const phone = await sipClient(pbx);
  const final = await requestWithDigest(phone, {
    method: 'INVITE',
    uri: `sip:${anna.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: boris.sipNumber,
    password: boris.password,
    headers: ['Content-Type: application/sdp'],
    body: plainSdp(sink.port, [[0, 'PCMU/8000']]),
    waitMs: 15_000,
  });
  const finalAt = Date.now();
  const progress = phone.responses.find((r) => r.status === 183)!;
  expect(progress).toBeDefined();
  expectAnnounced({ progress, final, finalAt, packets: sink.packets }, 480, 'employee-absent', 0);
});
