/** The part of rtpengine-client (CommonJS, untyped) that the media bridge uses. */
declare module 'rtpengine-client' {
  import type { Socket } from 'node:dgram';
  import type { EventEmitter } from 'node:events';

  /** A bencode value as the ng protocol carries it. */
  export type NgValue = string | number | Buffer | NgValue[] | { [key: string]: NgValue };

  /** An ng reply dictionary: `result` is `ok`, `pong`, `error` (with `error-reason`)... */
  export interface NgReply {
    result: string;
    'error-reason'?: string;
    warning?: string;
    sdp?: string;
    [key: string]: unknown;
  }

  interface Destination {
    port: number;
    host: string;
  }

  /** ng over UDP; without `timeout` a request waits for its reply forever. */
  export class Client extends EventEmitter {
    constructor(options?: { localPort?: number; localAddress?: string; timeout?: number });
    readonly socket: Socket;
    ping(to: Destination): Promise<NgReply>;
    offer(to: Destination, params: Record<string, NgValue>): Promise<NgReply>;
    answer(to: Destination, params: Record<string, NgValue>): Promise<NgReply>;
    delete(to: Destination, params: Record<string, NgValue>): Promise<NgReply>;
    query(to: Destination, params: Record<string, NgValue>): Promise<NgReply>;
    list(to: Destination, params: Record<string, NgValue>): Promise<NgReply>;
    playMedia(to: Destination, params: Record<string, NgValue>): Promise<NgReply>;
    close(): void;
  }
}
