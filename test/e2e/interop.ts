import { expect } from 'vitest';
import type { Baresip } from '../support/baresip';
import { g711Level } from './g711';
import { summarise, type RtpCapture, type RtpPacket } from './rtp-capture';
import type { PageProbes, Softphone } from './softphone';

/** A second of 20 ms packets: what "audio arrives" means here. */
export const ONE_SECOND = 50;
/** RMS of a tone or a voice in G.711 decoded to 16 bits; silence decodes to under 10. */
const AUDIBLE = 100;
/** Below this RMS a G.711 stream carries silence (Chromium's muted track, comfort levels). */
export const SILENT = 30;

/** The packets of a capture of baresip's RTP ports that went to baresip (from rtpengine). */
export function toBaresip(phone: Baresip, packets: readonly RtpPacket[]): RtpPacket[] {
  const mine = (port: number) => port >= phone.rtpPortMin && port <= phone.rtpPortMax;
  return packets.filter((p) => mine(p.dstPort) && !mine(p.srcPort));
}

/** The packets of a capture of baresip's RTP ports that baresip sent. */
export function fromBaresip(phone: Baresip, packets: readonly RtpPacket[]): RtpPacket[] {
  const mine = (port: number) => port >= phone.rtpPortMin && port <= phone.rtpPortMax;
  return packets.filter((p) => mine(p.srcPort) && !mine(p.dstPort));
}

/** Waits until a second of audible G.711 has reached baresip since the `from`-th packet. */
export async function expectAudioAtBaresip(
  phone: Baresip,
  rtp: RtpCapture,
  what: string,
  from = 0,
): Promise<{ packets: number; level: number }> {
  const heard = () => {
    const audio = toBaresip(phone, rtp.packets().slice(from)).filter((p) => p.payloadType <= 8);
    return { packets: audio.length, level: Math.round(g711Level(audio)) };
  };
  await expect
    .poll(
      () => {
        const { packets, level } = heard();
        return packets >= ONE_SECOND && level > AUDIBLE;
      },
      { timeout: 10_000, interval: 200 },
    )
    .toBe(true)
    .catch(() => expect.fail(`${what}: ${JSON.stringify(heard())}\n${summarise(rtp.packets())}`));
  return heard();
}

/**
 * Waits until a whole second of what reached baresip is silent (or nothing arrived): a hold
 * takes effect once its re-INVITE has gone through the PBX and rtpengine, later under load
 * than the softphone's "On hold" label.
 */
export async function expectSilenceAtBaresip(phone: Baresip, rtp: RtpCapture, what: string) {
  let window: RtpPacket[] = [];
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const from = rtp.packets().length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    window = toBaresip(phone, rtp.packets().slice(from));
    if (g711Level(window) < SILENT) return;
  }
  expect.fail(`${what}: level ${Math.round(g711Level(window))}\n${summarise(window)}`);
}

/**
 * Polls the inbound RTP statistics of the softphone's call (`getStats` of its
 * RTCPeerConnection) until a second of audio with sound in it has arrived; returns the growth.
 */
export async function expectAudioAtSoftphone(
  phone: Softphone,
  what: string,
  explain: () => string = () => '',
) {
  const first = await phone.inboundAudio();
  let last = first;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await phone.page.waitForTimeout(200);
    last = await phone.inboundAudio();
    const packets = last.packetsReceived - first.packetsReceived;
    const bytes = last.bytesReceived - first.bytesReceived;
    const energy = last.totalAudioEnergy - first.totalAudioEnergy;
    if (packets >= ONE_SECOND && bytes > 1000 && energy > 0) return { packets, bytes, energy };
  }
  return expect.fail(
    `${what}: no second of audio within 10 s; inbound-rtp went from ` +
      `${JSON.stringify(first)} to ${JSON.stringify(last)}\n\n${explain()}`,
  );
}

/** The payload type of telephone-event/8000 in the SDP the softphone's newest call received. */
export async function remoteEventType(phone: Softphone): Promise<number> {
  const sdp = await phone.page.evaluate(() => {
    const pcs = (globalThis as unknown as PageProbes).__pcs;
    const pc = [...pcs].reverse().find((p) => p.connectionState !== 'closed');
    return pc?.remoteDescription?.sdp ?? '';
  });
  const match = /a=rtpmap:(\d+) telephone-event\/8000/.exec(sdp);
  if (!match) expect.fail(`no telephone-event/8000 in the softphone's remote SDP:\n${sdp}`);
  return Number(match[1]);
}
