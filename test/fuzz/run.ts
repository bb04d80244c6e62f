import { isUtf8 } from 'node:buffer';
import { WsEndpoint, type Endpoint, type StreamShape, type Transport } from './endpoints';
import type { Inbox } from './inbox';
import { mutate, type MutationEnv, type Role } from './mutations';
import { scenarioPrng, type Prng } from './prng';
import { answerStray } from './stray-answers';
import type { UaDialog } from './sip-ua';
import type { Outgoing, Received } from './wire';
import type { Device, Pool, World } from './world';

/** The PBX died (or a step mode check found it dead): the scenario stops here. */
export class PbxGone extends Error {
  constructor() {
    super('the PBX is gone');
  }
}

/** A step the PBX did not answer in time: the scenario cleans up and ends, counted as aborted. */
export class StepTimeout extends Error {}

/**
 * The PBX answered the caller itself before ringing anyone (a refusal, or a recorded
 * announcement and then one): a call that ended early as the PBX decided, counted by reason.
 */
export class PbxRefused extends Error {}

/**
 * How long a caller waits for a final status the PBX may send after a recorded announcement
 * (the longest plays about 7 s; issue 22's announcements to carrier callers and IP phones).
 */
export const ANNOUNCEMENT_WAIT_MS = 10_000;

/** One side of a call as the run tracks it (scenarios' `Side`). */
interface CallParty {
  endpoint: Endpoint;
  ua?: UaDialog;
}

/** No free device of the kind asked for: the scenario is skipped, not counted. */
export class NoDevice extends Error {}

/** How often things happen; the CLI's `--mutation-rate` and `--hostile-rate` set them. */
export interface Rates {
  /** Chance that a message of the flow is accompanied by a broken copy. */
  mutation: number;
  /** Chance that a step adds hostile messages of its own (stray responses, forged requests). */
  hostile: number;
}

/** The rates of `npm run fuzz` and of CI. */
export const DEFAULT_RATES: Rates = { mutation: 0.25, hostile: 0.35 };

/** Step mode: after every message, wait until the PBX has handled it, and stop if it died. */
export type Pace = (record: { step: string; mutation?: string; bytes: Buffer }) => Promise<void>;

/** What counts a broken message toward, by what it is. */
const CATEGORY = {
  'in-dialog': 'inDialogMutations',
  response: 'strayOrForgedResponses',
  request: 'otherMutations',
} as const;

export const WAIT_MS = 3000;

/**
 * One scenario being played: its random source (a fork per step label, see prng.ts), the
 * devices and carrier calls it holds, and the one way it sends (which may mutate and records).
 */
export class Run {
  readonly prng: Prng;
  private readonly labels = new Map<string, number>();
  private readonly devices: Device[] = [];
  /** Parties in a call not yet hung up: a scenario that gives up still ends its calls. */
  private readonly inCalls = new Set<CallParty>();
  private readonly fresh: Device[] = [];
  private readonly endpoints: Endpoint[] = [];
  private carrierInbox?: Inbox;
  private readonly carrierCallIds: string[] = [];
  private readonly carrierNumbers: string[] = [];
  /** The broken messages sent (step, mutation, bytes): what a replay checks it still sends. */
  readonly mutations: { step: string; mutation: string; bytes: Buffer }[] = [];
  readonly env: MutationEnv;
  /** The last step of the flow sent (not a broken extra): what a timeout waited after. */
  lastStep = 'start';

  constructor(
    readonly world: World,
    readonly seed: number,
    readonly index: number,
    readonly rates: Rates,
    readonly without: ReadonlySet<string>,
    private readonly pace?: Pace,
  ) {
    this.prng = scenarioPrng(seed, index);
    const { sip, domain } = world.address;
    this.env = {
      pbxVia: `SIP/2.0/UDP 127.0.0.1:${sip};branch=z9hG4bK${this.prng.hex(6)};rport`,
      pbxPort: sip,
      domain,
      sinkPort: world.sink.port,
    };
  }

  /** The random source of one step; the n-th use of a label gets the n-th fork. */
  step(label: string): Prng {
    const n = this.labels.get(label) ?? 0;
    this.labels.set(label, n + 1);
    return this.prng.fork(`${label}#${n}`);
  }

  device(pool: Pool, transport?: Transport): Device {
    const device = this.world.acquire(pool, transport);
    if (!device) throw new NoDevice();
    this.devices.push(device);
    return device;
  }

  /** A device of a pool's employee on a socket of its own, closed when the scenario ends. */
  async freshDevice(pool: Pool, transport: Transport): Promise<Device> {
    const device = await this.world.freshDevice(pool, transport);
    if (!device) throw new NoDevice();
    this.fresh.push(device);
    return device;
  }

  /** An endpoint the scenario throws away at its end (garbage streams, WebSocket junk). */
  throwaway<T extends Endpoint>(endpoint: T): T {
    this.endpoints.push(endpoint);
    return endpoint;
  }

  /** The carrier's inbox for this scenario (one per scenario). */
  carrier(): Inbox {
    const carrier = this.world.carrier;
    return (this.carrierInbox ??= this.world.inbox((message) => answerStray(carrier, message)));
  }

  claimCarrierCall(callId: string): void {
    this.carrierCallIds.push(callId);
    this.world.claimCarrierCall(callId, this.carrier());
  }

  awaitCarrierInvite(number: string): void {
    this.carrierNumbers.push(number);
    this.world.awaitCarrierInvite(number, this.carrier());
  }

  /**
   * Sends a message of the flow. With the step's chance it is accompanied by a broken copy,
   * sent before or after it; on a stream it may be cut or joined, on a WebSocket sent as a
   * binary or fragmented frame. `variant` makes the copy a transaction of its own (a new
   * branch, Call-ID or CSeq, fresh credentials) instead of a retransmission-alike.
   */
  async send(
    endpoint: Endpoint,
    message: Outgoing,
    label: string,
    role?: Role,
    variant?: () => Outgoing,
  ): Promise<void> {
    const p = this.step(label);
    const mutated =
      role && p.chance(this.rates.mutation)
        ? mutate(
            variant?.() ?? message,
            role,
            p,
            this.env,
            this.without,
            endpoint.transport === 'tcp',
          )
        : undefined;
    const bytes = message.bytes();
    // A copy with credentials goes after, so its nonce-count does not make the real one a replay.
    const before = mutated && role !== 'request' && p.chance(role === 'response' ? 0.2 : 0.4);
    if (mutated && before)
      await this.sendMutated(endpoint, mutated.bytes, label, mutated.name, role!);
    await this.write(endpoint, bytes, label, undefined, p);
    if (mutated && !before)
      await this.sendMutated(endpoint, mutated.bytes, label, mutated.name, role!);
  }

  /** A message that is broken on purpose (counted by `role`), from a hostile step. */
  async sendMutated(
    endpoint: Endpoint,
    bytes: Buffer,
    label: string,
    mutation: string,
    role: Role,
  ): Promise<void> {
    this.world.counts[CATEGORY[role]]++;
    this.mutations.push({ step: label, mutation, bytes });
    await this.write(endpoint, bytes, label, mutation, this.step(`${label}:shape`));
  }

  /**
   * Raw bytes or frames (garbage streams, WebSocket junk), recorded like any message and
   * counted: `messages` SIP messages (or frames) and one `category`.
   */
  async raw(
    label: string,
    mutation: string,
    bytes: Buffer,
    write: () => void,
    count: { messages: number; category?: 'streamFrames' | 'webSocketFrames' | 'otherMutations' },
  ): Promise<void> {
    if (this.world.dead) throw new PbxGone();
    write();
    this.world.counts.messagesSent += count.messages;
    if (count.category) this.world.counts[count.category]++;
    this.mutations.push({ step: label, mutation, bytes });
    await this.after(label, mutation, bytes, count.category === 'webSocketFrames' ? 'ws' : 'tcp');
  }

  private async write(
    endpoint: Endpoint,
    bytes: Buffer,
    label: string,
    mutation: string | undefined,
    p: Prng,
  ): Promise<void> {
    if (this.world.dead) throw new PbxGone();
    // Invalid UTF-8 in a text frame is the WebSocket layer's to refuse (it closes the
    // connection, 1007); in a binary frame it reaches the SIP parser (RFC 7118 §5.2).
    const binaryOnly = endpoint instanceof WsEndpoint && !isUtf8(bytes);
    if (endpoint instanceof WsEndpoint && (binaryOnly || p.chance(0.15))) {
      this.world.counts.webSocketFrames++;
      this.world.counts.messagesSent++;
      endpoint.frame(bytes, binaryOnly || p.chance(0.5) ? 'binary' : 'fragments');
    } else {
      const shape: StreamShape = p.weighted([
        ['whole', 5],
        ['cut', 2],
        ['joined', 2],
      ]);
      endpoint.send(bytes, shape);
    }
    await this.after(label, mutation, bytes, endpoint.transport);
  }

  private async after(
    step: string,
    mutation: string | undefined,
    bytes: Buffer,
    transport: Transport,
  ): Promise<void> {
    if (!mutation) this.lastStep = step;
    this.world.record({ run: this.index, step, mutation, transport, bytes, at: Date.now() });
    if (this.pace) await this.pace({ step, mutation, bytes });
  }

  /**
   * The first message that matches; a StepTimeout when none comes in time. `peek` leaves it
   * in the inbox (a provisional response awaited before a CANCEL may turn out to be the
   * final one, which the step after still needs).
   */
  async expect(
    inbox: Inbox,
    match: (m: Received) => boolean,
    ms = WAIT_MS,
    peek = false,
  ): Promise<Received> {
    const message = await inbox.wait(match, ms);
    if (this.world.dead) throw new PbxGone();
    if (!message) throw new StepTimeout(`no answer after "${this.lastStep}"`);
    if (peek) inbox.putBack(message);
    return message;
  }

  /** Like `expect`, but undefined instead of a timeout (for what may not come). */
  async maybe(
    inbox: Inbox,
    match: (m: Received) => boolean,
    ms = WAIT_MS,
    signal?: AbortSignal,
  ): Promise<Received | undefined> {
    const message = await inbox.wait(match, ms, signal);
    if (this.world.dead) throw new PbxGone();
    return message;
  }

  /** Gives back every device and carrier call, answering what is still queued. */
  /** The parties of a call just set up (each with its dialog). */
  inCall(...parties: CallParty[]): void {
    for (const party of parties) this.inCalls.add(party);
  }

  /** The parties of a call that was hung up. */
  hungUp(...parties: CallParty[]): void {
    for (const party of parties) this.inCalls.delete(party);
  }

  release(): void {
    // A phone whose user gave up hangs up: without it the PBX keeps the call, and its channel,
    // until something ends it (the fuzzer's abandoned calls once piled up to ~470).
    for (const party of this.inCalls) {
      if (party.ua) party.endpoint.send(party.ua.request('BYE', party.endpoint).bytes());
    }
    this.inCalls.clear();
    for (const device of this.devices.splice(0)) this.world.release(device);
    for (const device of this.fresh.splice(0)) this.world.closeFresh(device);
    for (const endpoint of this.endpoints.splice(0)) endpoint.close();
    if (this.carrierInbox) {
      this.world.releaseCarrier(this.carrierCallIds, this.carrierNumbers, this.carrierInbox);
      this.carrierInbox = undefined;
    }
  }
}
