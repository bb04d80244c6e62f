import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './sipp';

/** Kamailio 5.6 running `test/kamailio/kamailio.cfg`: a foreign SIP server for one test file. */
export interface TestKamailio {
  /** Its SIP-over-WebSocket port on 127.0.0.1 (`ws://127.0.0.1:<wsPort>`). */
  wsPort: number;
  /** Everything it logged so far, for failure messages. */
  log(): string;
  /** SIGTERM, then waits for it to exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const CONFIG = resolve(import.meta.dirname, '../kamailio/kamailio.cfg');
const STARTUP_MS = 5000;

/**
 * Starts Kamailio in the foreground on a free 127.0.0.1 port and resolves once it accepts
 * connections there. Throws a clear error when it is not installed: CI installs `kamailio` and
 * `kamailio-websocket-modules`.
 */
export async function startKamailio(): Promise<TestKamailio> {
  const wsPort = await freePort();
  const runDir = mkdtempSync(join(tmpdir(), 'kamailio-'));
  const config = join(runDir, 'kamailio.cfg');
  writeFileSync(
    config,
    readFileSync(CONFIG, 'utf8').replaceAll('WS_PORT', String(wsPort)).replaceAll('RUNDIR', runDir),
  );
  const args = ['-DD', '-E', '-f', config, '-Y', runDir, '-P', join(runDir, 'kamailio.pid')];
  const child = spawn('kamailio', [...args, '-n', '1', '-m', '64', '-M', '8'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((done) => {
    child.once('error', (error) => {
      output += `cannot run kamailio (install kamailio kamailio-websocket-modules): ${error.message}`;
      done(null);
    });
    child.once('exit', (code) => done(code));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async () => {
    if (gone) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + STARTUP_MS;
  while (!(await accepts(wsPort))) {
    if (gone || Date.now() > deadline) {
      await stop();
      throw new Error(`Kamailio did not start on ${wsPort}:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { wsPort, log: () => output, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
