/**
 * One attacker process of the hostile-load suite (its own file descriptors: a process holds at
 * most its open-file limit). Argument: a JSON `AttackOrder`. Keeps `count` connections of its
 * kind open from its addresses for `seconds`, opening a new one whenever the PBX closes one,
 * then prints one JSON line: what it opened, what the PBX closed, what failed to connect.
 */
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';
import { API_PREFIX } from '../../shared/api';

export type AttackKind = 'bodies' | 'idle' | 'slowloris' | 'ws-flood' | 'sign-ins';

export interface AttackOrder {
  kind: AttackKind;
  sipPort: number;
  httpPort: number;
  count: number;
  addresses: string[];
  seconds: number;
  /** The admin e-mail the sign-in flood tries wrong passwords against. */
  adminEmail?: string;
}

export interface AttackReport {
  kind: AttackKind;
  opened: number;
  /** Connections the PBX closed (or refused after accepting). */
  closedByPbx: number;
  /** Connection attempts that failed outright. */
  failed: number;
  /** Connections open at the end. */
  open: number;
  /** Requests sent: SIP over the WebSocket flood, sign-ins. */
  sent: number;
  /** The sign-in flood's answers by HTTP status (0: no answer). */
  statuses: Record<string, number>;
}

const order = JSON.parse(process.argv[2] ?? '{}') as AttackOrder;
const report: AttackReport = {
  kind: order.kind,
  opened: 0,
  closedByPbx: 0,
  failed: 0,
  open: 0,
  sent: 0,
  statuses: {},
};
/** Set once the attack has built up: it then holds for `seconds`. */
let deadline = Infinity;
/** Connections (or sign-ins) begun and not yet connected or failed. */
let pending = 0;
const live = new Set<{ close(): void }>();
let stopping = false;

const sipHead = (contentLength: number, n: number) =>
  [
    `OPTIONS sip:0100001@pbx.hostile SIP/2.0`,
    `Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKatk${n}`,
    'From: <sip:attacker@pbx.hostile>;tag=x',
    'To: <sip:0100001@pbx.hostile>',
    `Call-ID: attack-${process.pid}-${n}`,
    'CSeq: 1 OPTIONS',
    `Content-Length: ${contentLength}`,
    '',
    '',
  ].join('\r\n');

let serial = 0;

/** Opens one connection of the order's kind from `address`; another replaces it when it closes. */
function open(address: string): void {
  if (stopping || Date.now() > deadline) return;
  const n = serial++;
  if (order.kind === 'ws-flood') return openWebSocket(address, n);
  if (order.kind === 'sign-ins') return signIn(address, n);
  const slowHttp = order.kind === 'slowloris' && n % 2 === 1;
  const socket = net.connect({
    host: '127.0.0.1',
    port: slowHttp ? order.httpPort : order.sipPort,
    localAddress: address,
  });
  let connected = false;
  let timer: NodeJS.Timeout | undefined;
  const entry = { close: () => socket.destroy() };
  pending++;
  socket.on('connect', () => {
    connected = true;
    settled();
    report.opened++;
    live.add(entry);
    if (order.kind === 'bodies') {
      socket.write(sipHead(1024 * 1024, n) + 'x'.repeat(1024));
      timer = setInterval(() => socket.write('x'.repeat(1024)), 1000);
    } else if (order.kind === 'slowloris') {
      const text = slowHttp
        ? 'GET / HTTP/1.1\r\nHost: pbx\r\n' + 'X-Slow: a\r\n'.repeat(1000)
        : sipHead(0, n);
      let at = 0;
      timer = setInterval(() => socket.write(text[at++ % text.length] ?? 'x'), 1000);
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    clearInterval(timer);
    closed(entry, connected, address);
  });
}

/** A connection ended: counted, and another opened from the same address in its place. */
function closed(entry: { close(): void }, connected: boolean, address: string): void {
  live.delete(entry);
  if (connected) report.closedByPbx += stopping ? 0 : 1;
  else {
    report.failed++;
    settled();
  }
  setTimeout(() => open(address), connected ? 100 : 500);
}

/** A SIP WebSocket that sends INVITEs without credentials as fast as the socket takes them. */
function openWebSocket(address: string, n: number): void {
  const ws = new WebSocket(`ws://127.0.0.1:${order.httpPort}/`, 'sip', { localAddress: address });
  let connected = false;
  let cseq = 0;
  const entry = { close: () => ws.terminate() };
  pending++;
  const flood = () => {
    // A batch per turn of the loop: the socket may take everything at once and never fill.
    for (let batch = 0; batch < 20 && ws.bufferedAmount < 64 * 1024; batch++) {
      if (stopping || ws.readyState !== ws.OPEN) return;
      cseq++;
      ws.send(
        [
          `INVITE sip:0100002@pbx.hostile SIP/2.0`,
          `Via: SIP/2.0/WS flood.invalid;branch=z9hG4bKws${n}x${cseq}`,
          'Max-Forwards: 70',
          `From: <sip:0100001@pbx.hostile>;tag=f${n}`,
          'To: <sip:0100002@pbx.hostile>',
          `Call-ID: ws-flood-${process.pid}-${n}-${cseq}`,
          `CSeq: ${cseq} INVITE`,
          'Contact: <sip:0100001@flood.invalid;transport=ws>',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
      report.sent++;
    }
    setImmediate(flood);
  };
  ws.on('open', () => {
    connected = true;
    settled();
    report.opened++;
    live.add(entry);
    flood();
  });
  ws.on('error', () => undefined);
  ws.on('close', () => closed(entry, connected, address));
}

/** One admin sign-in with a wrong password; the next one starts when it is answered. */
function signIn(address: string, n: number): void {
  const body = JSON.stringify({ email: order.adminEmail, password: `wrong-password-${n}` });
  const request = http.request({
    host: '127.0.0.1',
    port: order.httpPort,
    path: `${API_PREFIX}/auth/admin`,
    method: 'POST',
    localAddress: address,
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  report.sent++;
  const answered = (status: number) => {
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    setImmediate(() => open(address));
  };
  request.on('response', (response) => {
    response.resume();
    response.on('end', () => answered(response.statusCode ?? 0));
  });
  request.on('error', () => answered(0));
  request.end(body);
}

/** Connection attempts in flight at once: a burst of thousands overflows the listen backlog. */
const MAX_PENDING = 128;
/** The longest the attack may take to build up before it holds anyway. */
const RAMP_LIMIT_MS = 60_000;
const perAddress = Math.ceil(order.count / order.addresses.length);
const rampStarted = Date.now();
let started = 0;

/** Starts the order's connections, at most MAX_PENDING unanswered at a time. */
function ramp(): void {
  while (started < order.count && (pending < MAX_PENDING || order.kind === 'sign-ins')) {
    open(order.addresses[Math.floor(started / perAddress)] ?? order.addresses[0]!);
    started++;
  }
  if (started >= order.count && (pending === 0 || order.kind === 'sign-ins')) holdFrom(Date.now());
}

/** A connection attempt was answered: the ramp may go on. */
function settled(): void {
  pending--;
  if (deadline === Infinity) ramp();
}

/** The attack has built up (or ran out of time doing so): it holds for `seconds`, then reports. */
function holdFrom(now: number): void {
  if (deadline !== Infinity) return;
  deadline = now + order.seconds * 1000;
  process.stdout.write(`${JSON.stringify({ rampMs: now - rampStarted })}\n`);
  setTimeout(finish, order.seconds * 1000);
}

function finish(): void {
  stopping = true;
  report.open = live.size;
  process.stdout.write(`${JSON.stringify(report)}\n`);
  for (const entry of live) entry.close();
  setTimeout(() => process.exit(0), 200);
}

// The parent that reads the reports is gone (its pipe broke): nobody waits for this attack.
process.stdout.on('error', () => process.exit(1));
ramp();
setTimeout(() => holdFrom(Date.now()), RAMP_LIMIT_MS);
// Whatever happens, the process ends (a parent that died cannot end it).
setTimeout(() => process.exit(1), RAMP_LIMIT_MS + (order.seconds + 30) * 1000).unref();
