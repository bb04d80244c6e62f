import dgram from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { udpSocketsOn } from '../support/rtpengine';
import { freePort, runSipp, type SippOptions, type SippRun } from '../support/sipp';

/** A SIPp process with media: the carrier or an IP phone, as the media bridge tests run them. */
export interface SippPeer {
  readonly name: string;
  /** SIPp's media port (`-mp`): its SDP names it, RTP echo and pcap audio use it. */
  readonly mediaPort: number;
  readonly done: Promise<SippRun>;
  kill(): void;
  /** The SIP messages SIPp sent and received so far (`-trace_msg`), for failure messages. */
  messages(): string;
}

/** Peers started since the last `killSippPeers()`, so no test leaves one running. */
const peers: SippPeer[] = [];

const SIPP_TIMEOUT_S = 45;

function start(name: string, options: SippOptions, mediaPort: number): SippPeer {
  const messageFile = join(mkdtempSync(join(tmpdir(), 'sipp-media-')), 'messages.log');
  const run = runSipp({
    timeoutSeconds: SIPP_TIMEOUT_S,
    ...options,
    extra: [...(options.extra ?? []), '-mp', String(mediaPort)].concat([
      '-trace_msg',
      '-message_file',
      messageFile,
    ]),
  });
  const peer: SippPeer = {
    name,
    mediaPort,
    ...run,
    messages: () => {
      try {
        return readFileSync(messageFile, 'utf8');
      } catch {
        return '';
      }
    },
  };
  peers.push(peer);
  return peer;
}

/** Resolves once SIPp listens on `port` (a UAS must be up before the PBX sends its INVITE). */
async function listening(peer: SippPeer, port: number): Promise<SippPeer> {
  const deadline = Date.now() + 5000;
  let exited = false;
  void peer.done.then(() => (exited = true));
  while (udpSocketsOn(port) === 0) {
    if (exited || Date.now() > deadline) {
      throw new Error(`${peer.name} is not listening on ${port}:\n${await account(peer)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return peer;
}

/**
 * A port for SIPp's media, free on UDP with the one two above it too: `-rtp_echo` binds both
 * (audio, and video at port + 2).
 */
export async function freeMediaPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const free = await new Promise<boolean>((resolve) => {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port + 2, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * The carrier answering on the trunk (`carrier-uas.xml`): PCMA and telephone-event, the
 * audio it receives sent straight back (`-rtp_echo`), until the PBX hangs up.
 */
export async function carrierAnswering(trunkPort: number): Promise<SippPeer> {
  const peer = start(
    'the carrier (SIPp UAS on the trunk)',
    { scenario: 'carrier-uas.xml', transport: 'u1', localPort: trunkPort, extra: ['-rtp_echo'] },
    await freeMediaPort(),
  );
  return listening(peer, trunkPort);
}

/**
 * The carrier delivering a client's call to a company number (`carrier-uac-audio.xml`) from
 * the trunk's port, playing a recorded voice once answered, until the PBX hangs up.
 */
export async function carrierCalling(
  pbxSipPort: number,
  trunkPort: number,
  call: { to: string; from: string },
): Promise<SippPeer> {
  return start(
    'the carrier (SIPp UAC on the trunk)',
    {
      scenario: 'carrier-uac-audio.xml',
      remote: `127.0.0.1:${pbxSipPort}`,
      transport: 'u1',
      localPort: trunkPort,
      service: call.to,
      keys: { caller: call.from },
    },
    await freeMediaPort(),
  );
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
export async function registeredIpPhone(
  pbxSipPort: number,
  party: { sipNumber: string; password: string },
): Promise<IpPhone> {
  const port = await freePort();
  const registration = start(
    `IP phone ${party.sipNumber} registering`,
    {
      scenario: 'register.xml',
      remote: `127.0.0.1:${pbxSipPort}`,
      transport: 'u1',
      localPort: port,
      service: party.sipNumber,
      user: party.sipNumber,
      password: party.password,
      keys: { contact_port: String(port) },
      timeoutSeconds: 10,
    },
    await freeMediaPort(),
  );
  await expectSucceeded(registration);
  const phone = async (scenario: string, extra: string[]) =>
    listening(
      start(
        `IP phone ${party.sipNumber} (${scenario})`,
        { scenario, transport: 'u1', localPort: port, extra },
        await freeMediaPort(),
      ),
      port,
    );
  return {
    port,
    answers: () => phone('device-answers.xml', ['-rtp_echo']),
    ringsUntilCancelled: () => phone('device-cancelled.xml', []),
  };
}

/** SIPp's own account of a run: exit code, the end of its screen, errors, messages. */
async function account(peer: SippPeer): Promise<string> {
  const run = await peer.done;
  return [
    `${peer.name} exited with ${run.code}`,
    run.stdout.slice(-1500),
    run.stderr.slice(-500),
    run.errors,
    `messages:\n${peer.messages().slice(-2500)}`,
  ].join('\n');
}

/** Fails the test with SIPp's account unless the scenario ran to its end (exit code 0). */
export async function expectSucceeded(peer: SippPeer): Promise<void> {
  const run = await peer.done;
  if (run.code !== 0) expect.fail(`${peer.name} failed:\n${await account(peer)}`);
}

/** Every peer of this test that has not ended, killed, with what it said: for diagnostics. */
export async function killSippPeers(): Promise<string> {
  const all = peers.splice(0);
  for (const peer of all) peer.kill();
  const accounts = await Promise.all(all.map(account));
  return accounts.join('\n\n');
}
