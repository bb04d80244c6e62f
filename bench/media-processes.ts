/** The media benchmark's peers: rtpengine, the carrier (SIPp), the employees' audio. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NgClient } from '../pbx/media/ng-client';
import { rtpengineArgs } from '../test/support/rtpengine';
import { SCENARIOS } from './config';
import { childPids } from './media-cpu';
import { startSipp } from './sipp';

export const NG_PORT = 22_222;
export const CLI_PORT = 22_223;
export const CARRIER_PORT = 15_080;
const RTP_PORTS = [30_000, 39_999] as const;
const CARRIER_MEDIA_PORT = 16_000;
const PCAP = '/usr/share/sip-tester/g711a.pcap';

// --- processes --------------------------------------------------------------------------------

/** On the way out, whatever happened: SIGKILL every child process still there (by its pid). */
export const killAll = () => {
  for (const pid of childPids()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
};

export interface Rtpengine {
  pid: number;
  args: string[];
  address: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startRtpengine(): Promise<Rtpengine> {
  const args = [
    ...rtpengineArgs(NG_PORT, RTP_PORTS[0], RTP_PORTS[1]),
    `--listen-cli=127.0.0.1:${CLI_PORT}`,
  ];
  const child = spawn('rtpengine', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-200_000)));
  // PBX_BENCH_RTPENGINE_LOG=FILE keeps rtpengine's whole log (info level: every ng command).
  const logFile = process.env.PBX_BENCH_RTPENGINE_LOG;
  if (logFile) child.stderr?.pipe(createWriteStream(logFile));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('error', (e) => (log += `\ncannot run rtpengine: ${e.message}`));
  const ng = new NgClient({ host: '127.0.0.1', port: NG_PORT, timeoutMs: 200 });
  try {
    for (let tries = 0; ; tries++) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`rtpengine exited: ${log.slice(-1500)}`);
      }
      try {
        await ng.ping();
        break;
      } catch (error) {
        if (tries > 50) throw new Error(`rtpengine did not answer ping: ${error}`);
        await sleep(100);
      }
    }
  } finally {
    await ng.close();
  }
  return {
    pid: child.pid ?? 0,
    args,
    address: `127.0.0.1:${NG_PORT}`,
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function startCarrier(): ChildProcess {
  const uas = startSipp({
    scenario: 'uas-carrier-pcmu.xml',
    args: ['-p', `${CARRIER_PORT}`, '-rtp_echo', '-mp', `${CARRIER_MEDIA_PORT}`],
  });
  return uas;
}

/** The audio the employees play: the PCMA payloads of g711a.pcap, one after the other. */
export function pcmaFromPcap(pcap: string, out: string): void {
  const data = readFileSync(pcap);
  const chunks: Buffer[] = [];
  for (let at = 24; at + 16 <= data.length;) {
    const length = data.readUInt32LE(at + 8);
    const frame = data.subarray(at + 16, at + 16 + length);
    at += 16 + length;
    const ip = 14; // Ethernet
    const udp = ip + (frame[ip]! & 0x0f) * 4;
    const rtp = udp + 8;
    if (frame[ip + 9] !== 17 || (frame[rtp + 1]! & 0x7f) !== 8) continue; // UDP, PCMA only
    chunks.push(frame.subarray(rtp + 12 + (frame[rtp]! & 0x0f) * 4));
  }
  writeFileSync(out, Buffer.concat(chunks));
}

/** uac-bridge.xml with the audio file's absolute path (SIPp reads it at load, no keywords). */
export function employeeScenario(dir: string): string {
  const audio = join(dir, 'g711a.alaw');
  pcmaFromPcap(PCAP, audio);
  const file = join(dir, 'uac-bridge.xml');
  const xml = readFileSync(join(SCENARIOS, 'uac-bridge.xml'), 'utf8');
  writeFileSync(file, xml.replace('rtp_stream="RTP_FILE,', `rtp_stream="${audio},`));
  return relative(SCENARIOS, file); // runSipp joins it to SCENARIOS
}
