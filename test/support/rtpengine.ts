import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { NgClient } from '../../pbx/media/ng-client';

/** A real rtpengine daemon (userspace only) started for one test file. */
export interface TestRtpengine {
  host: '127.0.0.1';
  /** Its ng control port (`--listen-ng`). */
  ngPort: number;
  /** The media port range it allocates from (`--port-min`/`--port-max`). */
  portMin: number;
  portMax: number;
  /** Everything it logged so far (stderr), for assertions and failure messages. */
  log(): string;
  /** SIGTERM, then waits for it to exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const PORT_BLOCK = 100;
const STARTUP_MS = 5000;

/**
 * Starts rtpengine on 127.0.0.1 with a free ng port and a random block of 100 media ports in
 * 20000–59999 (so test files can run in parallel), and resolves once it answers `ping`.
 * Throws a clear error when rtpengine is not installed: CI installs `rtpengine-daemon`.
 */
export async function startRtpengine(): Promise<TestRtpengine> {
  const binary = findRtpengine();
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const ngPort = await freeUdpPort();
    const portMin = 20000 + PORT_BLOCK * Math.floor(Math.random() * (40000 / PORT_BLOCK));
    try {
      return await launch(binary, ngPort, portMin, portMin + PORT_BLOCK - 1);
    } catch (error) {
      lastError = error as Error; // e.g. the ng port was taken in the meantime: try others
    }
  }
  throw lastError ?? new Error('rtpengine did not start');
}

/** The command line, as the report and the docs quote it. */
export function rtpengineArgs(ngPort: number, portMin: number, portMax: number): string[] {
  return [
    '--config-file=none', // ignore /etc/rtpengine/rtpengine.conf of the Debian package
    '--foreground',
    '--log-stderr',
    // RTPENGINE_LOG_LEVEL=7 (debug) also logs ICE, DTLS and codec decisions, for a failing test.
    `--log-level=${process.env.RTPENGINE_LOG_LEVEL ?? 6}`,
    '--table=-1', // no kernel module: forward in userspace
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${ngPort}`,
    `--port-min=${portMin}`,
    `--port-max=${portMax}`,
    '--delete-delay=0', // a deleted call frees its ports at once
    '--num-threads=2',
  ];
}

async function launch(binary: string, ngPort: number, portMin: number, portMax: number) {
  const child = spawn(binary, rtpengineArgs(ngPort, portMin, portMax), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-1_000_000)));
  // A worker that ends without afterAll (a crash, a hook timeout) must not leave a daemon behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  child.once('error', (error) => (log += `\ncannot run ${binary}: ${error.message}`));
  const daemon: TestRtpengine = {
    host: '127.0.0.1',
    ngPort,
    portMin,
    portMax,
    log: () => log,
    stop: () => stop(child, exited),
  };
  try {
    await untilPong(daemon, child);
    // rtpengine binds its ng socket with SO_REUSEPORT: a second daemon on the same port would
    // start without complaint and answer some of our requests. Only ours may hold it.
    if (udpSocketsOn(ngPort) !== 1) throw new Error(`ng port ${ngPort} is shared`);
    return daemon;
  } catch (error) {
    await daemon.stop();
    throw new Error(`${(error as Error).message}; its log:\n${log.slice(-2000)}`);
  }
}

async function untilPong(daemon: TestRtpengine, child: ChildProcess): Promise<void> {
  const ng = new NgClient({ host: daemon.host, port: daemon.ngPort, timeoutMs: 200 });
  const deadline = Date.now() + STARTUP_MS;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`rtpengine exited at start-up (${child.exitCode ?? child.signalCode})`);
      }
      try {
        return await ng.ping();
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`rtpengine did not answer ping: ${error}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    await ng.close();
  }
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(kill);
}

function findRtpengine(): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat('/usr/bin', '/usr/sbin');
  for (const dir of dirs) {
    const candidate = join(dir, 'rtpengine');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(
    'rtpengine is not installed: the media bridge tests need a real rtpengine ' +
      '(Debian: apt-get install rtpengine-daemon)',
  );
}

/** How many UDP sockets are bound to 127.0.0.1:`port` (Linux `/proc/net/udp`). */
export function udpSocketsOn(port: number): number {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .filter((line) => line.trim().split(/\s+/)[1] === local).length;
}

/** A UDP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
