import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './sipp';

/**
 * Debian's baresip (1.0) as an IP phone for interop tests: a config directory of its own in a
 * temp folder, one SIP account, driven through `ctrl_tcp` (netstring JSON commands, the
 * `menu` module's long commands) with its UA events collected as they come.
 */

/** One UA event as `ctrl_tcp` relays it (baresip's `event_encode_dict`). */
export interface BaresipEvent {
  /** `REGISTER_OK`, `CALL_INCOMING`, `CALL_ESTABLISHED`, `CALL_CLOSED`, `CALL_DTMF_START`… */
  type: string;
  class?: string;
  accountaor?: string;
  direction?: 'incoming' | 'outgoing';
  peeruri?: string;
  /** The call's SIP Call-ID. */
  id?: string;
  /** The event's detail: the digit of a DTMF event, the reason a call closed. */
  param?: string;
}

export interface BaresipAccount {
  sipNumber: string;
  password: string;
  /** The PBX's SIP port on 127.0.0.1 (UDP and TCP share it). */
  pbxSipPort: number;
  transport: 'udp' | 'tcp';
}

export interface BaresipOptions {
  /** Reuse a config directory (its `uuid` file keeps the device's identity across restarts). */
  configDir?: string;
  /** Sine tone baresip sends as its microphone, in Hz. */
  toneHz?: number;
}

/** How long baresip may take to open its control port after it starts. */
const STARTUP_MS = 10_000;
/** RTP ports baresip may use: a block of this many, above a free port. */
const RTP_PORTS = 10;

export class Baresip {
  readonly events: BaresipEvent[] = [];
  private buffer = Buffer.alloc(0);
  private output = '';
  private pending: ((response: { ok: boolean; data: string }) => void)[] = [];
  private waiters = new Set<() => void>();
  private readonly exited: Promise<void>;

  private constructor(
    readonly account: BaresipAccount,
    readonly configDir: string,
    /** baresip's own SIP port (UDP and TCP). */
    readonly sipPort: number,
    /** The first of the RTP ports it may use (`rtp_ports`), for a capture. */
    readonly rtpPortMin: number,
    private readonly child: ChildProcess,
    private control?: Socket,
  ) {
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    child.stdout?.on('data', (chunk: Buffer) => this.heard(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.heard(chunk));
  }

  get rtpPortMax(): number {
    return this.rtpPortMin + RTP_PORTS - 1;
  }

  /** Starts baresip for `account` and resolves once its control interface is connected. */
  static async start(account: BaresipAccount, options: BaresipOptions = {}): Promise<Baresip> {
    const configDir = options.configDir ?? mkdtempSync(join(tmpdir(), 'baresip-'));
    const [sipPort, controlPort, rtpPortMin] = [
      await freePort(),
      await freePort(),
      await rtpBlock(),
    ];
    writeFileSync(
      join(configDir, 'config'),
      config({ sipPort, controlPort, rtpPortMin, toneHz: options.toneHz ?? 440 }),
    );
    // No account at start: `uanew` adds it once the control interface listens, so that no
    // REGISTER_OK can come before there is anyone to relay it to.
    writeFileSync(join(configDir, 'accounts'), '');
    writeFileSync(join(configDir, 'contacts'), '');
    const child = spawn('baresip', ['-f', configDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('close', () => process.off('exit', killOnExit));
    const phone = new Baresip(account, configDir, sipPort, rtpPortMin, child);
    child.once('error', (error) =>
      phone.heard(Buffer.from(`cannot run baresip: ${error.message}`)),
    );
    try {
      phone.control = await phone.connectControl(controlPort);
      await phone.command('uanew', accountLine(account));
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\nbaresip said:\n${phone.log()}`);
    }
    return phone;
  }

  /** What baresip printed (its own log), for failure messages. */
  log(): string {
    return this.output.slice(-4000);
  }

  /** Runs one `menu` long command (`dial`, `accept`, `hold`, `sndcode`…); rejects unless ok. */
  async command(command: string, params?: string): Promise<string> {
    const response = new Promise<{ ok: boolean; data: string }>((resolve) =>
      this.pending.push(resolve),
    );
    this.control!.write(netstring(params === undefined ? { command } : { command, params }));
    const { ok, data } = await response;
    if (!ok) throw new Error(`baresip refused "${command} ${params ?? ''}": ${data}`);
    return data;
  }

  /** Calls a SIP number (or URI) through the PBX. */
  dial(target: string): Promise<string> {
    return this.command('dial', target);
  }
  accept(): Promise<string> {
    return this.command('accept');
  }
  hangup(): Promise<string> {
    return this.command('hangup');
  }
  hold(): Promise<string> {
    return this.command('hold');
  }
  resume(): Promise<string> {
    return this.command('resume');
  }
  /** Blind transfer of the current call: a REFER with `Refer-To` the target. */
  transfer(target: string): Promise<string> {
    return this.command('transfer', target);
  }
  /**
   * DTMF keys as RFC 4733 events (baresip 1.0 sends DTMF only in the RTP stream), one key at a
   * time as a person presses them: given several at once, it ends only the last one's event.
   */
  async sendDigits(keys: string): Promise<void> {
    for (const key of keys) {
      await this.command('sndcode', key);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  /** The digits of the DTMF events baresip received (RFC 4733 or SIP INFO) so far. */
  digitsReceived(): string {
    return this.events
      .filter((event) => event.type === 'CALL_DTMF_START')
      .map((event) => event.param ?? '')
      .join('');
  }

  /**
   * The first event of `type` (or of any of the types; matching `where`) after the `after`-th
   * event; waits up to `timeout` ms. Fails with every event seen and baresip's log.
   */
  async waitFor(
    type: string | string[],
    { after = 0, timeout = 10_000, where = () => true }: WaitOptions = {},
  ): Promise<BaresipEvent> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const types = [type].flat();
      const found = this.events.slice(after).find((e) => types.includes(e.type) && where(e));
      if (found) return found;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(
          `baresip ${this.account.sipNumber} (${this.account.transport}): no ${types} within ` +
            `${timeout} ms; events: ${this.events.map(describe).join(', ') || 'none'}\n` +
            `its log:\n${this.log()}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 100);
        this.waiters.add(wake);
      });
    }
  }

  /** `quit`, as a user would; SIGKILL if it has not exited within 3 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.control?.write(netstring({ command: 'quit' })); // it may exit before it answers
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(kill);
    this.control?.destroy();
  }

  /** SIGKILL: the phone vanishes without unregistering, as a power cut would. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
    this.control?.destroy();
  }

  private heard(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-200_000);
  }

  private async connectControl(port: number): Promise<Socket> {
    const deadline = Date.now() + STARTUP_MS;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`baresip exited (${this.child.exitCode})`);
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        socket.on('data', (chunk: Buffer) => this.received(chunk));
        socket.on('error', () => {}); // a killed baresip resets it; the test sees the exit
        return socket;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`baresip's ctrl_tcp did not open: ${error}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /** Netstrings (`<length>:<json>,`) of events and command responses. */
  private received(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) return;
      const message = JSON.parse(this.buffer.subarray(colon + 1, end).toString()) as Record<
        string,
        unknown
      >;
      this.buffer = this.buffer.subarray(end + 1);
      if (message.response) {
        this.pending.shift()?.({ ok: message.ok === true, data: String(message.data ?? '') });
      } else if (message.event) {
        this.events.push(message as unknown as BaresipEvent);
        for (const wake of [...this.waiters]) wake();
      }
    }
  }
}

export interface WaitOptions {
  after?: number;
  timeout?: number;
  where?: (event: BaresipEvent) => boolean;
}

/** A `ctrl_tcp` message: `<length>:<json>,`. */
function netstring(message: object): string {
  const json = JSON.stringify(message);
  return `${Buffer.byteLength(json)}:${json},`;
}

function describe(event: BaresipEvent): string {
  return event.param ? `${event.type}(${event.param})` : event.type;
}

/**
 * The account line: the PBX at 127.0.0.1 is the registrar, the outbound proxy and the domain; no NAT helpers, no
 * media encryption, G.711 only (what a desk phone offers).
 */
function accountLine(account: BaresipAccount): string {
  const pbx = `sip:127.0.0.1:${account.pbxSipPort};transport=${account.transport}`;
  const uri = `sip:${account.sipNumber}@127.0.0.1:${account.pbxSipPort};transport=${account.transport}`;
  // The PBX is the outbound proxy, as a desk phone is set up: a Refer-To naming the domain
  // without the PBX's port (the softphone's) still goes through it.
  return (
    `<${uri}>;auth_pass=${account.password};outbound="${pbx}"` +
    ';answermode=manual;regint=600;audio_codecs=PCMU,PCMA;ptime=20'
  );
}

function config(ports: {
  sipPort: number;
  controlPort: number;
  rtpPortMin: number;
  toneHz: number;
}): string {
  return [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${ports.sipPort}`,
    'net_interface 127.0.0.1',
    'call_local_timeout 120',
    'call_max_calls 4',
    // No sound device: a sine tone is the microphone, the aubridge player the speaker.
    `audio_source ausine,${ports.toneHz}`,
    'audio_player aubridge,nowhere',
    'audio_alert aubridge,nowhere',
    'ausrc_srate 48000',
    'ausrc_channels 2',
    `rtp_ports ${ports.rtpPortMin}-${ports.rtpPortMin + RTP_PORTS - 1}`,
    'rtcp_mux no',
    'jitter_buffer_delay 1-4',
    'module_path /usr/lib/baresip/modules',
    'module g711.so',
    'module ausine.so',
    'module aubridge.so',
    'module_tmp uuid.so',
    'module_tmp account.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ports.controlPort}`,
    '',
  ].join('\n');
}

/**
 * The first port of a block of RTP_PORTS ports that were all free on UDP a moment ago. Even:
 * libre picks a port in the range and clears its lowest bit (RTP even, RTCP the odd one above).
 */
async function rtpBlock(): Promise<number> {
  for (;;) {
    const first = (await freePort()) & ~1;
    if (first < 1024 || first + RTP_PORTS > 65535) continue;
    let free = true;
    for (let port = first; port < first + RTP_PORTS && free; port++) free = await udpFree(port);
    if (free) return first;
  }
}

async function udpFree(port: number): Promise<boolean> {
  const { createSocket } = await import('node:dgram');
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
