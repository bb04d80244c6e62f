/**
 * Issue 21, late offer through the bridge with SIPp on both sides (the carrier on the trunk, an
 * employee's IP phone): an INVITE without SDP, the offer in the 200, the answer in the ACK, in
 * both directions of a carrier call; then RTP both ways through rtpengine. The SDPs name the
 * test's RTP sockets (`-key rtp_port`), which send 20 ms PCMA packets to where their SIPp was
 * told and count what arrives, and from where.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addCompanyNumber, COMPANY_NUMBER } from '../../support/carrier';
import { startTestPbx, type TestPbx } from '../../support/pbx';
import { untilAsync } from '../../support/poll';
import { payloadTypes, rtpPeer, talk, type RtpPeer } from '../../support/rtp-peer';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { freePort } from '../../support/sipp';
import { newCallKey } from '../../support/sipp-call';
import {
  cue,
  expectSucceeded,
  killSippPeers,
  listening,
  loggedLine,
  registeredIpPhone,
  startSippPeer,
  type SippPeer,
} from '../../support/sipp-peer';

const CLIENT = '+78127654321';
const PCMA = 8;
const PCMA_SILENCE = 0xd5;
/** Half a second of 20 ms packets: what "audio arrives" means here. */
const ENOUGH = 25;
/** How long both sides talk at most, waiting to hear ENOUGH; the test's own limit is above it. */
const TALK_MS = 15_000;
const TEST_MS = 60_000;

let rtpengine: TestRtpengine;
let pbx: TestPbx | undefined;
const sockets: RtpPeer[] = [];

beforeAll(async () => {
  rtpengine = await startRtpengine();
});

afterAll(async () => {
  await rtpengine?.stop();
});

afterEach(async (context) => {
  const peers = await killSippPeers();
  if (context.task.result?.state === 'fail') {
    console.error(
      `${context.task.name}\n\nthe SIPp peers:\n${peers}\n\nrtpengine's log (end):\n${rtpengine.log().slice(-3000)}`,
    );
  }
  for (const socket of sockets.splice(0)) socket.close();
  await pbx?.stop();
  pbx = undefined;
});

/** A PBX with a UDP trunk to `trunkPort` and the media bridge; Anna takes the company number. */
async function start() {
  const trunkPort = await freePort();
  pbx = await startTestPbx({
    trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort },
    rtpengine: { host: rtpengine.host, port: rtpengine.ngPort },
  });
  const anna = await pbx.addEmployee('Anna Ivanova');
  await addCompanyNumber(pbx, anna.id);
  return { pbx, trunkPort, anna };
}

async function socket(): Promise<RtpPeer> {
  const opened = await rtpPeer();
  sockets.push(opened);
  return opened;
}

/** Where the SIPp `peer` was told to send its media: an `offer`/`answer` line it logged. */
async function toldToSendTo(peer: SippPeer, what: 'offer' | 'answer') {
  const [, address, port] = await loggedLine(peer, new RegExp(`${what} (\\S+) (\\d+)`));
  return { address: address!, port: Number(port) };
}

/**
 * Both sides talk, each to the address its SDP named, until each has heard `ENOUGH` packets;
 * then what each heard came from that address only (rtpengine's port, not the other side's).
 */
async function expectAudioBothWays(
  sides: Array<{ name: string; socket: RtpPeer; sendsTo: { address: string; port: number } }>,
) {
  for (const side of sides) {
    expect(side.sendsTo.address, `${side.name}'s SDP names rtpengine`).toBe(rtpengine.host);
    expect(side.sendsTo.port, `${side.name}'s SDP names rtpengine's port`).toBeGreaterThanOrEqual(
      rtpengine.portMin,
    );
    expect(side.sendsTo.port).toBeLessThanOrEqual(rtpengine.portMax);
  }
  const heard = () => sides.every((side) => side.socket.received.length >= ENOUGH);
  await Promise.all(
    sides.map((side) => talk(side.socket, side.sendsTo.port, PCMA, PCMA_SILENCE, heard, TALK_MS)),
  );
  const counts = sides.map((side) => `${side.name}: ${side.socket.received.length} packets`);
  expect(heard(), `RTP heard after ${TALK_MS / 1000} s of talking: ${counts.join(', ')}`).toBe(
    true,
  );
  for (const side of sides) {
    const from = `${side.sendsTo.address}:${side.sendsTo.port}`;
    expect([...side.socket.senders], `who ${side.name} heard`).toEqual([from]);
    expect(payloadTypes(side.socket.received)).toEqual(new Set([PCMA]));
    expect(side.socket.received[0]!.subarray(12)).toEqual(Buffer.alloc(160, PCMA_SILENCE));
  }
}

/** The calls the PBX recorded, once every one of them has ended. */
async function endedCalls(pbx: TestPbx) {
  let calls: Awaited<ReturnType<typeof pbx.company.callRecords.list>> = [];
  const ended = async () => {
    await pbx.settle();
    calls = await pbx.company.callRecords.list();
    return calls.length > 0 && calls.every((call) => call.endedAt !== null);
  };
  await untilAsync(ended, 10_000, 'the call recorded as ended');
  return calls.map((call) => [call.direction, call.result, call.clientNumber]);
}

describe('late offer through the bridge, SIPp on both sides', { timeout: TEST_MS }, () => {
  it('from the carrier: the IP phone offers in its 200, the carrier answers in its ACK, RTP flows both ways', async () => {
    const { pbx, trunkPort, anna } = await start();
    const [carrierRtp, phoneRtp] = [await socket(), await socket()];
    const phone = await registeredIpPhone(pbx.pbx.ports.sip, anna);
    const answering = await phone.take('device-offers-late.xml', {
      keys: { rtp_port: String(phoneRtp.port) },
    });
    const callKey = newCallKey('carrier-late-offer');
    const carrier = startSippPeer('the carrier (SIPp UAC on the trunk)', {
      scenario: 'carrier-uac-late-offer.xml',
      remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
      transport: 'u1',
      localPort: trunkPort,
      service: COMPANY_NUMBER,
      keys: { caller: CLIENT, rtp_port: String(carrierRtp.port) },
      extra: ['-cid_str', `${callKey}-%u`],
    });

    await expectAudioBothWays([
      { name: 'the carrier', socket: carrierRtp, sendsTo: await toldToSendTo(carrier, 'offer') },
      {
        name: 'the IP phone',
        socket: phoneRtp,
        sendsTo: await toldToSendTo(answering, 'answer'),
      },
    ]);
    await cue(trunkPort, `${callKey}-1`); // the client hangs up
    await expectSucceeded(carrier);
    await expectSucceeded(answering);
    expect(await endedCalls(pbx)).toEqual([['incoming', 'answered', CLIENT]]);
  });

  it('toward the carrier: the carrier offers in its 200, the IP phone answers in its ACK, RTP flows both ways', async () => {
    const { pbx, trunkPort, anna } = await start();
    const [carrierRtp, phoneRtp] = [await socket(), await socket()];
    const carrier = await listening(
      startSippPeer('the carrier (SIPp UAS on the trunk)', {
        scenario: 'carrier-uas-late-offer.xml',
        transport: 'u1',
        localPort: trunkPort,
        keys: { rtp_port: String(carrierRtp.port) },
      }),
      trunkPort,
    );
    const phonePort = await freePort();
    const callKey = newCallKey('device-late-offer');
    const calling = startSippPeer(`IP phone ${anna.sipNumber} calling out`, {
      scenario: 'device-uac-late-offer.xml',
      remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
      transport: 'u1',
      localPort: phonePort,
      service: CLIENT,
      user: anna.sipNumber,
      password: anna.password,
      keys: { caller: anna.sipNumber, rtp_port: String(phoneRtp.port) },
      extra: ['-cid_str', `${callKey}-%u`],
    });

    await expectAudioBothWays([
      { name: 'the IP phone', socket: phoneRtp, sendsTo: await toldToSendTo(calling, 'offer') },
      { name: 'the carrier', socket: carrierRtp, sendsTo: await toldToSendTo(carrier, 'answer') },
    ]);
    await cue(phonePort, `${callKey}-1`); // Anna hangs up
    await expectSucceeded(calling);
    await expectSucceeded(carrier);
    expect(await endedCalls(pbx)).toEqual([['outgoing', 'answered', CLIENT]]);
  });
});
