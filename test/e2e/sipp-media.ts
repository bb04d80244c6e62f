import {
  freeMediaPort,
  listening,
  registeredIpPhone,
  startSippPeer,
  type SippPeer,
} from '../support/sipp-peer';
import type { SippOptions } from '../support/sipp';

export { expectSucceeded, killSippPeers, type SippPeer } from '../support/sipp-peer';

/** A SIPp peer with media: its SDP names `mediaPort`, RTP echo and pcap audio use it. */
export interface SippMediaPeer extends SippPeer {
  /** SIPp's media port (`-mp`). */
  readonly mediaPort: number;
}

async function start(name: string, options: SippOptions): Promise<SippMediaPeer> {
  const mediaPort = await freeMediaPort();
  const extra = [...(options.extra ?? []), '-mp', String(mediaPort)];
  return { ...startSippPeer(name, { ...options, extra }), mediaPort };
}

/**
 * The carrier answering on the trunk (`carrier-uas.xml`): PCMA and telephone-event, the
 * audio it receives sent straight back (`-rtp_echo`), until the PBX hangs up.
 */
export async function carrierAnswering(trunkPort: number): Promise<SippMediaPeer> {
  const peer = await start('the carrier (SIPp UAS on the trunk)', {
    scenario: 'carrier-uas.xml',
    transport: 'u1',
    localPort: trunkPort,
    extra: ['-rtp_echo'],
  });
  return listening(peer, trunkPort);
}

/**
 * The carrier delivering a client's call to a company number (`carrier-uac-audio.xml`) from
 * the trunk's port, playing a recorded voice once answered, until the PBX hangs up.
 */
export function carrierCalling(
  pbxSipPort: number,
  trunkPort: number,
  call: { to: string; from: string },
): Promise<SippMediaPeer> {
  return start('the carrier (SIPp UAC on the trunk)', {
    scenario: 'carrier-uac-audio.xml',
    remote: `127.0.0.1:${pbxSipPort}`,
    transport: 'u1',
    localPort: trunkPort,
    service: call.to,
    keys: { caller: call.from },
  });
}

/** An IP phone of a SIP number, registered over UDP from its own port. */
export interface IpPhone {
  /** Where it registered from and answers: the PBX sends its INVITEs to this port. */
  readonly port: number;
  /** Takes the next call: answers it with PCMU after ringing 1 s, echoes the audio. */
  answers(): Promise<SippPeer>;
  /** Rings on the next call until it is cancelled because another device answered. */
  ringsUntilCancelled(): Promise<SippPeer>;
}

/** Registers an IP phone (`register.xml`, digest) and returns it; fails unless the PBX says 200. */
export async function mediaIpPhone(
  pbxSipPort: number,
  party: { sipNumber: string; password: string },
): Promise<IpPhone> {
  const phone = await registeredIpPhone(pbxSipPort, party);
  return {
    port: phone.port,
    answers: async () =>
      phone.take('device-answers.xml', {
        extra: ['-rtp_echo', '-mp', String(await freeMediaPort())],
      }),
    ringsUntilCancelled: () => phone.take('device-cancelled.xml'),
  };
}
