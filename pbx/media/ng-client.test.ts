import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NgClient, NgError } from './ng-client';

/** A UDP peer that receives ng requests and never answers, like a hung rtpengine. */
async function silentPeer(): Promise<{ port: number; received: number; close(): void }> {
  const socket = dgram.createSocket('udp4');
  const peer = { port: 0, received: 0, close: () => socket.close() };
  socket.on('message', () => peer.received++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  peer.port = socket.address().port;
  return peer;
}

/** Runs `code` (ESM, may import the client) in a fresh Node; resolves with its exit and output. */
function runNode(code: string): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: resolve(import.meta.dirname, '../..'),
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((done) =>
    child.on('close', (exit) => {
      clearTimeout(kill);
      done({ code: exit, out, ms: Date.now() - started });
    }),
  );
}

describe('NgClient', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  it('rejects after the timeout with a message naming the address', async () => {
    const peer = await silentPeer();
    cleanup.push(() => peer.close());
    const ng = new NgClient({ host: '127.0.0.1', port: peer.port, timeoutMs: 150 });
    cleanup.push(() => ng.close());

    const started = Date.now();
    const error = await ng.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NgError);
    expect((error as NgError).failure).toBe('timeout');
    expect((error as NgError).message).toBe(
      `rtpengine at 127.0.0.1:${peer.port} did not answer 'ping' within 150 ms`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(peer.received).toBe(1);
  });

  it('fails pending requests on close and leaves no socket or timer behind', async () => {
    const peer = await silentPeer();
    cleanup.push(() => peer.close());
    // A fresh process exits by itself only if close() left nothing open: the pending request
    // has a 60 s deadline, so a forgotten timer or socket would hold it up to the kill.
    const run = await runNode(`
      import { NgClient } from './pbx/media/ng-client.ts';
      const ng = new NgClient({ host: '127.0.0.1', port: ${peer.port}, timeoutMs: 60000 });
      const pending = ng.delete({ 'call-id': 'c1', 'from-tag': 'f1' }).catch((e) => e);
      await new Promise((sent) => setTimeout(sent, 100));
      await ng.close();
      console.log((await pending).message);
      await ng.ping().catch((e) => console.log(e.message));
      await ng.close();
    `);
    expect(run.out).toBe(
      `'delete' to rtpengine at 127.0.0.1:${peer.port} dropped: the client closed\n` +
        `'ping' to rtpengine at 127.0.0.1:${peer.port} dropped: the client is closed\n`,
    );
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(10_000);
    expect(peer.received).toBe(1);
  });
});
