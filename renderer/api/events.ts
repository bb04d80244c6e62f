import { apiEventSchema, EVENTS_CLOSE, EVENTS_PATH, type ApiEvent } from '../../shared/api';
import { realTimers, type Timers } from '../sip/timers';
import { apiSocketUrl } from './base-url';

/** An event that names a change; `ready` is the socket's own business. */
export type ChangeEvent = Exclude<ApiEvent, { type: 'ready' }>;

/** The little of the browser's WebSocket the subscription uses; tests pass a fake class. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}
export type SocketFactory = new (url: string) => SocketLike;

export interface EventsOptions {
  /** Called when the server refuses the token (close code 4001); the subscription has stopped. */
  onUnauthorized?: () => void;
  /**
   * Called each time the socket is ready, the first time too: a change made between the
   * caller's first read and the subscription, or while reconnecting, was not announced.
   */
  onResync?: () => void;
  WebSocket?: SocketFactory;
  timers?: Timers;
  /** Back-off between reconnects, doubling from the first to the last (2 s to 30 s). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** Subscribes to live updates; returns the function that ends the subscription. */
export type EventsSubscriber = (
  baseUrl: string,
  token: string,
  onEvent: (event: ChangeEvent) => void,
  options?: EventsOptions,
) => () => void;

/**
 * Live updates over the events WebSocket: sends the token first, passes on each event, and
 * reconnects with back-off until stopped or the token is refused.
 */
export const subscribeApiEvents: EventsSubscriber = (baseUrl, token, onEvent, options = {}) => {
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as SocketFactory);
  const timers = options.timers ?? realTimers;
  const minDelay = options.minDelayMs ?? 2000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const url = apiSocketUrl(baseUrl, EVENTS_PATH);
  let delay = minDelay;
  let stopped = false;
  let socket: SocketLike | undefined;
  let timer: unknown;

  const connect = () => {
    timer = undefined;
    let current: SocketLike;
    try {
      current = new Socket(url);
    } catch {
      return retry();
    }
    socket = current;
    current.onopen = () => current.send(JSON.stringify({ token }));
    current.onmessage = ({ data }) => {
      const event = parse(data);
      if (!event) return;
      if (event.type !== 'ready') return onEvent(event);
      delay = minDelay;
      options.onResync?.();
    };
    current.onerror = () => {};
    current.onclose = ({ code }) => {
      if (socket !== current) return;
      socket = undefined;
      if (stopped) return;
      if (code === EVENTS_CLOSE.unauthorized || code === EVENTS_CLOSE.badHello) {
        stopped = true;
        if (code === EVENTS_CLOSE.unauthorized) options.onUnauthorized?.();
        return;
      }
      retry();
    };
  };
  const retry = () => {
    if (stopped) return;
    timer = timers.setTimeout(connect, delay);
    delay = Math.min(maxDelay, delay * 2);
  };

  connect();
  return () => {
    stopped = true;
    if (timer !== undefined) timers.clearTimeout(timer);
    const open = socket;
    socket = undefined;
    open?.close(1000);
  };
};

function parse(data: unknown): ApiEvent | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const parsed = apiEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
