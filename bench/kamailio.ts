import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_NICE, USERS } from './config';
import type { Target } from './measure';

const CONFIG = resolve(import.meta.dirname, 'kamailio-reference.cfg');

export interface RunningKamailio {
  target: Target;
  stop(): Promise<void>;
}

export function kamailioInstalled(): boolean {
  return spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).status === 0;
}

export const INSTALL_HINT =
  'Kamailio is not installed; for the comparison: apt-get install -y kamailio kamailio-websocket-modules';

/** Kamailio 5.6 with bench/kamailio-reference.cfg (UDP 127.0.0.1:5060, digest auth on). */
export async function startKamailio(): Promise<RunningKamailio> {
  const rundir = mkdtempSync(join(tmpdir(), 'bench-kamailio-'));
  const cfg = join(rundir, 'kamailio.cfg');
  writeFileSync(cfg, readFileSync(CONFIG, 'utf8').replaceAll('RUNDIR', rundir));
  const args = ['-DD', '-E', '-f', cfg, '-Y', rundir, '-P', join(rundir, 'kamailio.pid')];
  // At the PBX's niceness (config.SERVER_NICE), for all its processes.
  const child = spawn(
    'nice',
    [
      '-n',
      `${SERVER_NICE}`,
      'kamailio',
      ...args,
      '-n',
      '2',
      '-m',
      '1024',
      '-M',
      '16',
      '-A',
      'WITH_AUTH',
    ],
    {
      stdio: ['ignore', 'ignore', openSync(join(rundir, 'kamailio.log'), 'w')],
    },
  );
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  await waitForSip('127.0.0.1', 5060, 10_000);
  const numbers = Array.from({ length: USERS }, (_, i) => `${100_000 + i}`);
  return {
    target: { name: 'Kamailio', remote: '127.0.0.1:5060', numbers, password: 'secret' },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Sends OPTIONS until any response arrives. */
async function waitForSip(host: string, port: number, timeoutMs: number): Promise<void> {
  const socket = dgram.createSocket('udp4');
  let answered = false;
  socket.on('message', () => (answered = true));
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
  const { port: local } = socket.address();
  const options = [
    `OPTIONS sip:${host}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-bench-${Date.now()};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@${host}>;tag=probe`,
    `To: <sip:${host}>`,
    `Call-ID: probe-${Date.now()}@bench`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const deadline = Date.now() + timeoutMs;
  try {
    while (!answered) {
      if (Date.now() > deadline) throw new Error('Kamailio did not answer on UDP 5060');
      socket.send(options, port, host);
      await sleep(200);
    }
  } finally {
    socket.close();
  }
}
