import dgram from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { udpSocketsOn } from './rtpengine';
import { freePort, runSipp, type SippOptions, type SippRun } from './sipp';

/** A SIPp process playing one peer of a call (the carrier, an IP phone), with its traces. */
export interface SippPeer {
  readonly name: string;
  readonly done: Promise<SippRun>;
  kill(): void;
  /** The SIP messages SIPp sent and received so far (`-trace_msg`), for failure messages. */
  messages(): string;
  /** What the scenario's `<log>` actions wrote so far (`-trace_logs`). */
  logged(): string;
}

/** Peers started since the last `killSippPeers()`, so no test leaves one running. */
const peers: SippPeer[] = [];

const SIPP_TIMEOUT_S = 45;

const readOr = (file: string) => () => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** Starts SIPp as `name`, tracing its messages and `<log>` actions to files of its own. */
export function startSippPeer(name: string, options: SippOptions): SippPeer {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-peer-'));
  const [messageFile, logFile] = [join(dir, 'messages.log'), join(dir, 'actions.log')];
  const run = runSipp({
    timeoutSeconds: SIPP_TIMEOUT_S,
    ...options,
    extra: [
      ...(options.extra ?? []),
      ...['-trace_msg', '-message_file', messageFile, '-trace_logs', '-log_file', logFile],
    ],
  });
  const peer: SippPeer = { name, ...run, messages: readOr(messageFile), logged: readOr(logFile) };
  peers.push(peer);
  return peer;
}

/** Resolves once SIPp listens on `port` (a UAS must be up before the PBX sends its INVITE). */
export async function listening<P extends SippPeer>(peer: P, port: number): Promise<P> {
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
 * The first match of `pattern` in what the scenario logged, once it is there (the scenario got
 * that far); fails with SIPp's account when SIPp ends first or `ms` pass.
 */
export async function loggedLine(
  peer: SippPeer,
  pattern: RegExp,
  ms = 20_000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  let exited = false;
  void peer.done.then(() => (exited = true));
  for (;;) {
    const match = pattern.exec(peer.logged());
    if (match) return match;
    if (exited || Date.now() > deadline) {
      expect.fail(`${peer.name} never logged ${pattern}:\n${await account(peer)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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

/** SIPp's own account of a run: exit code, the end of its screen, errors, messages. */
export async function account(peer: SippPeer): Promise<string> {
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

/**
 * The test's cue to a scenario waiting at `<recv request="INFO"/>` (to hang up, say): SIPp
 * matches a request to its call by Call-ID alone, so an INFO of that call sent to SIPp's port
 * moves the scenario on. Nobody answers it: SIPp sends what follows to the PBX.
 */
export async function cue(sippPort: number, callId: string): Promise<void> {
  const info = [
    `INFO sip:cue@127.0.0.1:${sippPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKcue${Date.now()}`,
    'From: <sip:test@127.0.0.1>;tag=cue',
    'To: <sip:sipp@127.0.0.1>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INFO',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    socket.send(info, sippPort, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
  );
  socket.close();
}

/** An IP phone of a SIP number, registered from its own port, that takes calls there. */
export interface IpPhone {
  /** Where it registered from and answers: the PBX sends its INVITEs to this port. */
  readonly port: number;
  /** Runs `scenario` (a UAS: test/sipp/device-*.xml) on the phone's port, once it listens. */
  take(
    scenario: string,
    options?: { keys?: Record<string, string>; extra?: string[] },
  ): Promise<SippPeer>;
}

/** Registers an IP phone over UDP (`register.xml`, digest); fails unless the PBX says 200. */
export async function registeredIpPhone(
  pbxSipPort: number,
  party: { sipNumber: string; password: string },
): Promise<IpPhone> {
  const port = await freePort();
  const registration = startSippPeer(`IP phone ${party.sipNumber} registering`, {
    scenario: 'register.xml',
    remote: `127.0.0.1:${pbxSipPort}`,
    transport: 'u1',
    localPort: port,
    service: party.sipNumber,
    user: party.sipNumber,
    password: party.password,
    keys: { contact_port: String(port) },
    timeoutSeconds: 10,
  });
  await expectSucceeded(registration);
  return {
    port,
    take: (scenario, options = {}) =>
      listening(
        startSippPeer(`IP phone ${party.sipNumber} (${scenario})`, {
          scenario,
          transport: 'u1',
          localPort: port,
          ...options,
        }),
        port,
      ),
  };
}
