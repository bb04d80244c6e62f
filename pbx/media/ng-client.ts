/**
 * A typed client for rtpengine's ng control protocol (bencode over UDP), on top of
 * rtpengine-client's `Client`: every request has a deadline, an `error` reply becomes an Error,
 * and `close()` leaves no socket or timer behind.
 */
import { createRequire } from 'node:module';
import type { Client, NgReply, NgValue } from 'rtpengine-client';

/** rtpengine-client is loaded with the first client: a PBX without a media bridge never needs it. */
const loadClient = (): typeof Client => {
  const require = createRequire(import.meta.url);
  const library = require('rtpengine-client') as { Client: typeof Client };
  keepBinaryStrings(require);
  return library.Client;
};

/**
 * rtpengine-client 0.4 writes a message as `[cookie, bencode].join(' ')`, a JavaScript string,
 * so a binary value (the WAV file of `play media`'s `blob`) comes out as UTF-8 replacement
 * characters. Its encoder is replaced by one that keeps the bytes as they are.
 */
function keepBinaryStrings(require: NodeJS.Require): void {
  const base = require('rtpengine-client/lib/BaseClient') as {
    encodeMessage(id: string, data: NgValue): Buffer;
  };
  base.encodeMessage = (id, data) => Buffer.concat([Buffer.from(`${id} `), bencode(data)]);
}

/** Bencode (BEP 3) of an ng value: byte strings, integers, lists, dictionaries (keys sorted). */
export function bencode(value: NgValue): Buffer {
  if (typeof value === 'number') return Buffer.from(`i${Math.trunc(value)}e`);
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
    return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes]);
  }
  if (Array.isArray(value)) {
    return Buffer.concat([Buffer.from('l'), ...value.map(bencode), Buffer.from('e')]);
  }
  const keys = Object.keys(value).sort();
  const entries = keys.flatMap((key) => [bencode(key), bencode(value[key]!)]);
  return Buffer.concat([Buffer.from('d'), ...entries, Buffer.from('e')]);
}

export type { NgReply, NgValue };

/** The parameters of one ng request, keys as the protocol spells them (`call-id`, `ICE`...). */
export type NgParams = Record<string, NgValue>;

/** What `offer` and `answer` need at least: the SDP body and the dialog's identifiers. */
export interface NgSdpParams extends NgParams {
  sdp: string;
  'call-id': string;
  'from-tag': string;
}

/** What `delete` and `query` need at least. */
export interface NgCallParams extends NgParams {
  'call-id': string;
}

/** Where rtpengine listens for ng (`--listen-ng`) and how long to wait for it. */
export interface NgClientOptions {
  host: string;
  port: number;
  /** How long to wait for each reply; rtpengine answers in well under a millisecond. */
  timeoutMs?: number;
}

/** Why a request failed: no reply in time, an `error` reply, or the client was closed. */
export type NgFailure = 'timeout' | 'error' | 'closed';

/** A failed ng request; the message names the rtpengine address and the command. */
export class NgError extends Error {
  constructor(
    readonly failure: NgFailure,
    readonly command: string,
    readonly address: string,
    /** rtpengine's `error-reason` for an `error` reply; the deadline for a timeout. */
    readonly reason: string,
  ) {
    const messages: Record<NgFailure, string> = {
      timeout: `rtpengine at ${address} did not answer '${command}' within ${reason}`,
      error: `rtpengine at ${address} refused '${command}': ${reason}`,
      closed: `'${command}' to rtpengine at ${address} dropped: ${reason}`,
    };
    super(messages[failure]);
    this.name = 'NgError';
  }
}

interface Pending {
  command: string;
  timer: NodeJS.Timeout;
  fail(error: NgError): void;
}

/** One UDP socket talking to one rtpengine (`host:port`). */
export class NgClient {
  /** `host:port` of the rtpengine this client talks to, for messages. */
  readonly address: string;
  private readonly client: Client;
  private readonly pending = new Set<Pending>();
  private readonly timeoutMs: number;
  private closed: Promise<void> | undefined;

  constructor(private readonly options: NgClientOptions) {
    this.address = `${options.host}:${options.port}`;
    this.client = new (loadClient())();
    this.timeoutMs = options.timeoutMs ?? 1000;
    // Late replies (after a timeout) and socket errors arrive here; the request already failed.
    this.client.on('error', () => {});
  }

  /** Resolves when rtpengine answers `pong`. */
  async ping(): Promise<void> {
    const reply = await this.request('ping', () => this.client.ping(this.destination()));
    if (reply.result !== 'pong') {
      throw new NgError('error', 'ping', this.address, `replied '${reply.result}'`);
    }
  }

  /** Sends an `offer`; resolves with the reply (its `sdp` is the rewritten body). */
  offer(params: NgSdpParams): Promise<NgReply> {
    return this.request('offer', () => this.client.offer(this.destination(), params));
  }

  /** Sends an `answer` (params need `to-tag` as well). */
  answer(params: NgSdpParams & { 'to-tag': string }): Promise<NgReply> {
    return this.request('answer', () => this.client.answer(this.destination(), params));
  }

  /** Sends a `delete`; an unknown call is a warning in the reply, not an error. */
  delete(params: NgCallParams): Promise<NgReply> {
    return this.request('delete', () => this.client.delete(this.destination(), params));
  }

  /** Sends a `list`: the Call-IDs of the calls rtpengine holds (at most `limit`). */
  async list(limit = 100_000): Promise<string[]> {
    const reply = await this.request('list', () => this.client.list(this.destination(), { limit }));
    return Array.isArray(reply.calls) ? reply.calls.map(String) : [];
  }

  /** Sends a `query`: the call's tags, media, ports and packet counters. */
  query(params: NgCallParams): Promise<NgReply> {
    return this.request('query', () => this.client.query(this.destination(), params));
  }

  /**
   * Sends a `play media` (rtpengine built with transcoding): plays a file (`blob`: its bytes)
   * to the side `from-tag` names; the reply's `duration` is its length in milliseconds.
   */
  playMedia(params: NgCallParams & { 'from-tag': string }): Promise<NgReply> {
    return this.request('play media', () => this.client.playMedia(this.destination(), params));
  }

  /** Fails what is still waiting and closes the socket; resolves once it is closed. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      for (const request of this.pending) {
        request.fail(new NgError('closed', request.command, this.address, 'the client closed'));
      }
      this.client.socket.once('close', () => resolve());
      this.client.close();
    });
    return this.closed;
  }

  private destination() {
    return { host: this.options.host, port: this.options.port };
  }

  private request(command: string, send: () => Promise<NgReply>): Promise<NgReply> {
    if (this.closed) {
      return Promise.reject(new NgError('closed', command, this.address, 'the client is closed'));
    }
    return new Promise<NgReply>((resolve, reject) => {
      const timedOut = () => new NgError('timeout', command, this.address, `${this.timeoutMs} ms`);
      const entry: Pending = {
        command,
        timer: setTimeout(() => entry.fail(timedOut()), this.timeoutMs),
        fail: (error) => settle(() => reject(error)),
      };
      const settle = (finish: () => void) => {
        if (!this.pending.delete(entry)) return;
        clearTimeout(entry.timer);
        finish();
      };
      this.pending.add(entry);
      send().then(
        (reply) =>
          settle(() =>
            reply.result === 'error'
              ? reject(new NgError('error', command, this.address, errorReason(reply)))
              : resolve(reply),
          ),
        (error: unknown) =>
          settle(() => reject(new NgError('error', command, this.address, String(error)))),
      );
    });
  }
}

function errorReason(reply: NgReply): string {
  return reply['error-reason'] ?? 'no error-reason given';
}
