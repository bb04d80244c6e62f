import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { RawSipClient, registerWithDigest } from '../support/raw-sip-client';
import { runPbxCli, startPbxCli } from '../support/cli';
import { TEST_DOMAIN } from '../support/pbx';
import { until, untilAsync } from '../support/poll';

const SERVE_OPTIONS = [
  '--data-dir',
  '--domain',
  '--listen',
  '--advertise',
  '--http-port',
  '--sip-port',
  '--sip-tls-port',
  '--https-port',
  '--tls-cert',
  '--tls-key',
  '--ring-timeout',
  '--min-expires',
  '--rtpengine',
  '--log-level',
  '--sip-trace',
  '--session-expires',
  '--smtp-url',
  '--mail-from',
  '--outbox-retention-days',
  '--trunk',
  '--trunk-user',
  '--trunk-number-format',
  '--nice',
];

let server: ChildProcess | undefined;
afterEach(() => {
  server?.kill('SIGTERM');
  server = undefined;
});

describe('pbx command line', () => {
  it('lists every serve option in --help', async () => {
    const { code, stdout } = await runPbxCli(['serve', '--help']);
    expect(code).toBe(0);
    for (const option of SERVE_OPTIONS) expect(stdout).toContain(option);
  });

  it('refuses a trunk that is not udp|tcp:IP:PORT with one clear line', async () => {
    const { code, stderr } = await runPbxCli(['serve', '--trunk', 'carrier.example:5060']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'error: --trunk: must be udp:HOST:PORT or tcp:HOST:PORT with HOST an IP address',
    );
  });

  it('refuses an rtpengine address that is not IP:PORT with one clear line', async () => {
    const { code, stderr } = await runPbxCli(['serve', '--rtpengine', 'localhost']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('error: --rtpengine: must be IP:PORT of rtpengine’s ng socket');
  });

  it('says at start that rtpengine does not answer, and keeps serving', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    server = startPbxCli([
      'serve',
      ...['--data-dir', dataDir, '--domain', TEST_DOMAIN, '--listen', '127.0.0.1'],
      ...['--http-port', '0', '--sip-port', '0'],
      ...['--rtpengine', `127.0.0.1:${silent.address().port}`],
    ]);
    let output = '';
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    await until(() => /Media bridge: .*does not answer/.test(output), 45_000, output);
    expect(output).toMatch(/PBX ready/);
    silent.close();
  }, 60_000);

  it('runs its SIP thread at the niceness --nice asks for', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
    server = startPbxCli([
      'serve',
      ...['--data-dir', dataDir, '--domain', TEST_DOMAIN, '--listen', '127.0.0.1'],
      ...['--http-port', '0', '--sip-port', '0', '--nice', '6'],
    ]);
    let output = '';
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    await until(() => output.includes('PBX ready'), 45_000, output);
    // On Linux the process id names its main thread, the one that handles SIP.
    expect(getPriority(server.pid)).toBe(6);
  }, 60_000);

  it('refuses a niceness outside -20..19 with one clear line', async () => {
    const { code, stderr } = await runPbxCli(['serve', '--nice', '30']);
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^error: --nice: .+/);
  });

  it('refuses a bad port with one clear line', async () => {
    const { code, stderr } = await runPbxCli(['serve', '--http-port', 'eighty']);
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^error: --http-port: .+/);
  });

  it('hashes a CLI-added password with the domain the data was created on (no --domain)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
    server = startPbxCli([
      'serve',
      ...['--data-dir', dataDir, '--domain', 'corp.example', '--listen', '127.0.0.1'],
      ...['--http-port', '0', '--sip-port', '0'],
    ]);
    const sipPort = await readyPort(server);
    const added = await runPbxCli([
      ...['employee', 'add', '--data-dir', dataDir, '--name', 'Gleb Orlov', '--json'],
    ]);
    expect(added.stderr).toBe('');
    const gleb = JSON.parse(added.stdout) as { sipNumber: string; password: string };
    const phone = await RawSipClient.connect('udp', sipPort);
    // The server learns of the employee through its change stream; a few spaced tries, fewer
    // than the failures that would throttle the number.
    let status = 0;
    for (let attempt = 0; attempt < 8 && status !== 200; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 1500));
      status = await registerWithDigest(phone, gleb.sipNumber, gleb.password, 'corp.example');
    }
    phone.close();
    expect(status).toBe(200);
  }, 60_000);

  it('serves a demo company, and employees added or removed by the CLI take effect at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
    server = startPbxCli([
      'serve',
      ...['--data-dir', dataDir, '--domain', TEST_DOMAIN, '--listen', '127.0.0.1'],
      ...['--http-port', '0', '--sip-port', '0'],
    ]);
    let output = '';
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    const sipPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PBX did not start:\n${output}`)), 45_000);
      server?.stdout?.on('data', () => {
        const match = /PBX ready: SIP udp\/tcp (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    // The first start shows the demo employees' passwords once: with no terminal attached
    // (here a pipe, in production a journal), in a file only this user reads, its path logged.
    await until(() => output.includes('No media bridge (--rtpengine)'), 5000, output);
    const file = join(dataDir, 'first-start-credentials.txt');
    expect(output).toContain(`passwords are in ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const banner = readFileSync(file, 'utf8');
    const demo = /Anna Ivanova\s+(0\d{6})\s+(\S+)/.exec(banner);
    expect(demo).not.toBeNull();
    expect(output).not.toContain(demo?.[2]);
    expect(output).not.toContain('Save these passwords');
    const phone = await RawSipClient.connect('udp', sipPort);
    expect(await registerWithDigest(phone, demo?.[1] ?? '', demo?.[2] ?? '')).toBe(200);

    const added = await runPbxCli([
      ...['employee', 'add', '--data-dir', dataDir, '--name', 'Gleb Orlov', '--json'],
    ]);
    expect(added.code).toBe(0);
    const gleb = JSON.parse(added.stdout) as { sipNumber: string; password: string };
    expect(gleb.sipNumber).toMatch(/^0\d{6}$/);
    expect(await registerWithDigest(phone, gleb.sipNumber, gleb.password)).toBe(200);

    const listed = await runPbxCli(['employee', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toContain('Gleb Orlov');
    expect(listed.stdout).toContain(gleb.sipNumber);

    const removed = await runPbxCli(['employee', 'remove', gleb.sipNumber, '--data-dir', dataDir]);
    expect(removed.code).toBe(0);
    // The server hears of it through its change stream: soon, not at a time a test can assert.
    await untilAsync(
      async () => (await registerWithDigest(phone, gleb.sipNumber, gleb.password)) === 401,
      15_000,
      'the removed employee refused',
    );
    phone.close();
  }, 60_000);

  it('refuses to serve data on another domain than its own, saying why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
    server = startPbxCli([
      'serve',
      ...['--data-dir', dataDir, '--domain', 'corp.example', '--listen', '127.0.0.1'],
      ...['--http-port', '0', '--sip-port', '0'],
    ]);
    await readyPort(server);
    server.kill('SIGTERM');
    await new Promise((resolve) => server?.once('exit', resolve));
    const other = await runPbxCli([
      'serve',
      ...['--data-dir', dataDir, '--domain', 'other.example', '--listen', '127.0.0.1'],
      ...['--http-port', '0', '--sip-port', '0'],
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr.trim()).toBe(
      `error: the data directory ${dataDir} has the SIP domain corp.example, not other.example: every stored password hash (HA1) is made with corp.example, so on other.example no device or employee could sign in. Start without --domain (and PBX_DOMAIN), or with --domain corp.example.`,
    );
  }, 60_000);
});

/** The SIP port a `serve` child prints once it is ready. */
function readyPort(child: ChildProcess): Promise<number> {
  let output = '';
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PBX did not start:\n${output}`)), 45_000);
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /PBX ready: SIP udp\/tcp (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
}
