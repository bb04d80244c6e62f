import { emptyCounts, type Counts } from './counters';
import {
  openEndpoint,
  UdpEndpoint,
  type Endpoint,
  type EndpointEvents,
  type Transport,
} from './endpoints';
import { Inbox } from './inbox';
import { PbxChild } from './pbx-child';
import { Credentials, type PbxAddress } from './sip-ua';
import { ackFailure, answerStray } from './stray-answers';
import { userOf, type Received } from './wire';
import { registerDevice } from './registration';

export const DOMAIN = 'pbx.test';
const PASSWORD = 'fuzz-password-1';
const TRANSPORTS: readonly Transport[] = ['udp', 'tcp', 'ws'];

/** Which employees play which part (so a scenario never takes another's device). */
export type Pool = 'call' | 'inbound' | 'reg' | 'check';

export interface Device {
  number: string;
  transport: Transport;
  pool: Pool;
  creds: Credentials;
  endpoint: Endpoint;
  /** The scenario that holds the device; its messages go to this inbox. */
  owner?: Inbox;
  /** The company number that rings this employee (pool `inbound`). */
  companyNumber?: string;
}

export interface WorldOptions {
  employees: number;
  /** Employees who each own a company number (calls from the carrier). */
  inbound: number;
  /** Employees whose devices registration scenarios replace and remove. */
  registering: number;
  rtpengine?: { host: string; port: number };
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

/** 300 employees: 60 own a company number, 18 are for registration scenarios, 2 for checks. */
export const DEFAULT_WORLD: WorldOptions = { employees: 300, inbound: 60, registering: 18 };

/** One message the fuzzer sent, kept for the crash report. */
export interface SentRecord {
  run: number;
  step: string;
  mutation?: string;
  transport: Transport;
  bytes: Buffer;
  at: number;
}

const RECENT = 512;

/**
 * Everything a run of the fuzzer shares: the PBX child, the fake carrier, one registered
 * device per employee, the counters and the last messages sent.
 */
export class World {
  readonly recent: SentRecord[] = [];
  readonly devices: Device[] = [];
  /** Carrier calls by Call-ID, and outgoing calls awaited by the number dialled. */
  private readonly carrierCalls = new Map<string, Inbox>();
  private readonly carrierDialled = new Map<string, Inbox>();
  private readonly inboxes = new Set<Inbox>();
  /** Round-robin position per pool and transport. */
  private readonly cursor = new Map<string, number>();
  dead = false;
  private closing = false;

  private constructor(
    readonly counts: Counts,
    readonly events: EndpointEvents,
    readonly pbx: PbxChild,
    readonly carrier: UdpEndpoint,
    /** Where every address a hostile message names points: it reads and drops. */
    readonly sink: UdpEndpoint,
    readonly address: PbxAddress,
  ) {
    pbx.onExit(() => {
      this.dead = true;
      if (!this.closing) this.counts.exits++;
      for (const inbox of this.inboxes) inbox.close();
    });
  }

  /** `counts` may be shared by the worlds of one run (a PBX restarted after a crash). */
  static async create(options: WorldOptions, counts = emptyCounts()): Promise<World> {
    const events: EndpointEvents = {
      sent: () => counts.messagesSent++,
      streamFrame: () => counts.streamFrames++,
    };
    const carrier = await UdpEndpoint.open(0, events);
    const sink = await UdpEndpoint.open(0, events);
    let pbx: PbxChild;
    try {
      pbx = await PbxChild.start({
        domain: DOMAIN,
        carrierPort: carrier.port,
        rtpengine: options.rtpengine,
        employees: options.employees,
        companyNumbers: options.inbound,
        password: PASSWORD,
        logLevel: options.logLevel ?? 'silent',
      });
    } catch (error) {
      carrier.close();
      sink.close();
      throw error;
    }
    const { sip, http } = pbx.ready;
    const world = new World(counts, events, pbx, carrier, sink, { domain: DOMAIN, sip, http });
    carrier.target = sip;
    sink.target = sip;
    sink.onMessage = () => counts.messagesReceived++;
    carrier.onMessage = (message) => world.routeCarrier(message);
    try {
      await world.openDevices(options);
    } catch (error) {
      await world.close();
      throw error;
    }
    return world;
  }

  private async openDevices(options: WorldOptions): Promise<void> {
    const { employees, companyNumbers } = this.pbx.ready;
    const owners = new Map(companyNumbers.map((c) => [c.employee, c.number]));
    const regFrom = options.employees - 2 - options.registering;
    employees.forEach((number, i) => {
      const pool: Pool =
        i >= options.employees - 2
          ? 'check'
          : i >= regFrom
            ? 'reg'
            : owners.has(number)
              ? 'inbound'
              : 'call';
      const device = {
        number,
        transport: TRANSPORTS[i % 3]!,
        pool,
        creds: new Credentials(number, PASSWORD),
        companyNumber: owners.get(number),
      } as Device;
      this.devices.push(device);
    });
    const ports = { sip: this.address.sip, http: this.address.http };
    const registered = this.devices.filter((d) => d.pool === 'call' || d.pool === 'inbound');
    for (let i = 0; i < registered.length; i += 30) {
      await Promise.all(
        registered.slice(i, i + 30).map(async (device) => {
          device.endpoint = await openEndpoint(device.transport, ports, this.events);
          this.route(device);
          const inbox = this.inbox();
          device.owner = inbox;
          // A busy machine may leave a REGISTER unanswered for 3 s: ask again before giving up.
          let status = 0;
          for (let attempt = 0; attempt < 3 && status !== 200 && !this.dead; attempt++) {
            status = await registerDevice(this, device, inbox, 'setup');
          }
          device.owner = undefined;
          this.forget(inbox);
          if (status !== 200)
            throw new Error(`device ${device.number} could not register: ${status}`);
        }),
      );
    }
  }

  /** Wires a device's endpoint: failures ACKed at once, the rest to its owner or answered. */
  route(device: Device): void {
    device.endpoint.onMessage = (message) => {
      this.counts.messagesReceived++;
      ackFailure(device.endpoint, message);
      if (device.owner) device.owner.deliver(message);
      else answerStray(device.endpoint, message);
    };
  }

  private routeCarrier(message: Received): void {
    this.counts.messagesReceived++;
    ackFailure(this.carrier, message);
    const callId = message.headers.get('call-id')?.[0] ?? '';
    let inbox = this.carrierCalls.get(callId);
    if (!inbox && message.request && message.method === 'INVITE') {
      inbox = this.carrierDialled.get(digits(userOf(message.uri)));
    }
    if (inbox) inbox.deliver(message);
    else answerStray(this.carrier, message);
  }

  /** A new inbox, closed at once if the PBX dies; `answer` replies to what nobody takes. */
  inbox(answer?: (message: Received) => void): Inbox {
    const inbox = new Inbox(answer);
    if (this.dead) inbox.close();
    else this.inboxes.add(inbox);
    return inbox;
  }

  forget(inbox: Inbox): void {
    inbox.close();
    this.inboxes.delete(inbox);
  }

  /** A free device of a pool, on a transport when given; undefined when all are busy. */
  acquire(pool: Pool, transport?: Transport): Device | undefined {
    const candidates = this.devices.filter(
      (d) => d.pool === pool && (!transport || d.transport === transport),
    );
    const key = `${pool}:${transport}`;
    const start = this.cursor.get(key) ?? 0;
    for (let k = 0; k < candidates.length; k++) {
      const device = candidates[(start + k) % candidates.length]!;
      if (device.owner || (registeredPool(pool) && device.endpoint.closed)) continue;
      this.cursor.set(key, (start + k + 1) % candidates.length);
      device.owner = this.inbox((message) => answerStray(device.endpoint, message));
      return device;
    }
    return undefined;
  }

  /**
   * A new device (its own socket or connection) of a pool's employee, held by the caller until
   * `closeFresh`: check calls and registration scenarios register devices from scratch.
   */
  async freshDevice(pool: Pool, transport: Transport): Promise<Device | undefined> {
    const employee = this.acquire(pool);
    if (!employee) return undefined;
    const ports = { sip: this.address.sip, http: this.address.http };
    try {
      employee.endpoint = await openEndpoint(transport, ports, this.events);
    } catch (error) {
      this.release(employee);
      throw error;
    }
    employee.transport = transport;
    employee.creds = new Credentials(employee.number, PASSWORD);
    this.route(employee);
    return employee;
  }

  closeFresh(device: Device): void {
    this.release(device);
    device.endpoint.close();
  }

  release(device: Device): void {
    const inbox = device.owner;
    device.owner = undefined;
    if (!inbox) return;
    for (const message of inbox.take(() => true)) answerStray(device.endpoint, message);
    this.forget(inbox);
    if (registeredPool(device.pool) && device.endpoint.closed && !this.dead)
      void this.revive(device);
  }

  /** A device whose connection the PBX closed (a stream it could no longer frame) comes back. */
  private async revive(device: Device): Promise<void> {
    const inbox = this.inbox();
    device.owner = inbox;
    try {
      const ports = { sip: this.address.sip, http: this.address.http };
      device.endpoint = await openEndpoint(device.transport, ports, this.events);
      this.route(device);
      await registerDevice(this, device, inbox, 'revive');
    } catch {
      // the PBX is gone or refuses: the device stays closed and is not handed out again
    } finally {
      device.owner = undefined;
      this.forget(inbox);
    }
  }

  /** Carrier messages of `callId` go to `inbox` until released. */
  claimCarrierCall(callId: string, inbox: Inbox): void {
    this.carrierCalls.set(callId, inbox);
  }

  /** The PBX's INVITE to the carrier for `number` goes to `inbox`. */
  awaitCarrierInvite(number: string, inbox: Inbox): void {
    this.carrierDialled.set(digits(number), inbox);
  }

  releaseCarrier(callIds: readonly string[], dialled: readonly string[], inbox: Inbox): void {
    for (const callId of callIds) this.carrierCalls.delete(callId);
    for (const number of dialled) this.carrierDialled.delete(digits(number));
    for (const message of inbox.take(() => true)) answerStray(this.carrier, message);
    this.forget(inbox);
  }

  record(entry: SentRecord): void {
    if (this.recent.push(entry) > RECENT) this.recent.shift();
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const device of this.devices) device.endpoint?.close();
    this.carrier.close();
    this.sink.close();
    for (const inbox of this.inboxes) inbox.close();
    await this.pbx.stop();
  }
}

/** Pools whose devices stay registered for the whole run (the others register afresh). */
function registeredPool(pool: Pool): boolean {
  return pool === 'call' || pool === 'inbound';
}

function digits(text: string | undefined): string {
  return (text ?? '').replace(/\D/g, '');
}
