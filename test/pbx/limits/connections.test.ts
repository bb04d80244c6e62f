import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RawSipClient, registerWithDigest } from '../../support/raw-sip-client';
import { startTestPbx, type TestPbx } from '../../support/pbx';
import { closesWithin, connectFrom, messageHead, sleep } from './stream-clients';

/** Small limits, so that each is reached by a handful of connections in a second or two. */
const LIMITS = {
  maxConnectionsPerAddress: 4,
  maxMessageBytes: 8192,
  readTimeoutSeconds: 1,
  idleTimeoutSeconds: 1,
};

describe('one connection (issue 20: bounded resources)', () => {
  let pbx: TestPbx;
  let sip: number;
  beforeAll(async () => {
    pbx = await startTestPbx(LIMITS);
    sip = pbx.pbx.ports.sip;
  });
  afterAll(() => pbx.stop());

  it('is closed at once when it announces a message larger than the limit', async () => {
    const attacker = await connectFrom(sip, '127.0.0.2');
    attacker.socket.write(messageHead(1_000_000) + 'x'.repeat(1000));
    expect(await closesWithin(attacker, 1000)).toBe(true);
    expect(pbx.pbx.transport.guard.stats.oversized).toBeGreaterThan(0);
  });

  it('stays open for a message within the limit, answered', async () => {
    const device = await connectFrom(sip, '127.0.0.2');
    device.socket.write(messageHead(5) + 'hello');
    await sleep(300);
    expect(device.received()).toMatch(/^SIP\/2\.0 407 /);
    expect(device.isClosed()).toBe(false);
    device.socket.destroy();
  });

  it('is closed when a message stays unfinished past the read timeout, even one trickling in', async () => {
    const slowloris = await connectFrom(sip, '127.0.0.3');
    const head = messageHead(0);
    let sent = 0;
    const trickle = setInterval(
      () => slowloris.socket.write(head[sent++ % head.length] ?? ''),
      100,
    );
    const started = Date.now();
    expect(await closesWithin(slowloris, 4000)).toBe(true);
    clearInterval(trickle);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('is closed when it stays silent without ever authenticating; a registered one stays', async () => {
    const phone = await RawSipClient.connect('tcp', sip);
    const anna = await pbx.addEmployee('Anna Ivanova');
    expect(await registerWithDigest(phone, anna.sipNumber, anna.password)).toBe(200);
    const idle = await connectFrom(sip, '127.0.0.4');
    expect(await closesWithin(idle, 4000)).toBe(true);
    expect(pbx.pbx.transport.guard.stats.idle).toBeGreaterThan(0);
    await sleep(1500);
    expect(phone.closed).toBe(false);
    phone.close();
  });

  it('makes room at the per-address limit by closing that address oldest unauthenticated connection', async () => {
    const phone = await RawSipClient.connect('tcp', sip);
    const boris = await pbx.addEmployee('Boris Petrov');
    expect(await registerWithDigest(phone, boris.sipNumber, boris.password)).toBe(200);
    const others = await connectFrom(sip, '127.0.0.6');
    const idle = [];
    for (let i = 0; i < 3; i++) idle.push(await connectFrom(sip, '127.0.0.1'));
    const newest = await connectFrom(sip, '127.0.0.1');
    expect(await closesWithin(idle[0]!, 1000)).toBe(true);
    expect([idle[1]!.isClosed(), idle[2]!.isClosed(), newest.isClosed()]).toEqual([
      false,
      false,
      false,
    ]);
    expect(phone.closed).toBe(false);
    expect(others.isClosed()).toBe(false);
    // The registered phone still works through all this.
    expect(await registerWithDigest(phone, boris.sipNumber, boris.password)).toBe(200);
    for (const connection of [...idle, newest, others]) connection.socket.destroy();
    phone.close();
  });

  it('closes a WebSocket whose frame is larger than the limit (1009)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${pbx.pbx.ports.http}`, 'sip');
    await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(messageHead(10_000) + 'x'.repeat(10_000));
    expect(await closed).toBe(1009);
  });
});

describe('all connections together', () => {
  let pbx: TestPbx;
  let sip: number;
  beforeAll(async () => {
    pbx = await startTestPbx({
      maxConnections: 6,
      maxConnectionsPerAddress: 100,
      maxMessageBytes: 49_152,
      maxBufferedBytes: 65_536,
    });
    sip = pbx.pbx.ports.sip;
  });
  afterAll(() => pbx.stop());

  it('let a phone in when idle strangers fill every place, and never close it for them', async () => {
    const strangers = [];
    for (let i = 0; i < 6; i++) strangers.push(await connectFrom(sip, '127.0.0.5'));
    const phone = await RawSipClient.connect('tcp', sip);
    const vera = await pbx.addEmployee('Vera Sidorova');
    expect(await registerWithDigest(phone, vera.sipNumber, vera.password)).toBe(200);
    expect(await closesWithin(strangers[0]!, 1000)).toBe(true);
    for (let i = 0; i < 10; i++) strangers.push(await connectFrom(sip, '127.0.0.5'));
    expect(pbx.pbx.transport.guard.size).toBeLessThanOrEqual(6);
    expect(phone.closed).toBe(false);
    expect(await registerWithDigest(phone, vera.sipNumber, vera.password)).toBe(200);
    for (const stranger of strangers) stranger.socket.destroy();
    phone.close();
  });

  it('keep within the buffered-bytes budget by closing the oldest unfinished message', async () => {
    const senders = [];
    for (let i = 0; i < 3; i++) {
      const sender = await connectFrom(sip, '127.0.0.7');
      sender.socket.write(messageHead(40_000) + 'x'.repeat(30_000));
      senders.push(sender);
      await sleep(100);
    }
    expect(await closesWithin(senders[0]!, 1000)).toBe(true);
    expect([senders[1]!.isClosed(), senders[2]!.isClosed()]).toEqual([false, false]);
    for (const sender of senders) sender.socket.destroy();
  });
});
