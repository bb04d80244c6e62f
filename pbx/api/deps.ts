import type { Logger } from '../log';
import type { BindingTable } from '../registrar/bindings';
import type { Store } from '../store';
import type { ApiEventBus } from './events/bus';
import type { SessionService } from './sessions';

/** Where devices register, for the credentials block; known once the PBX listens. */
export interface SipEndpoints {
  server: string;
  domain: string;
  ports: { udp: number; tcp: number; tls: number | null; ws: number; wss: number | null };
}

/** The part of pbx/mail the API uses. */
export interface MailSender {
  readonly configured: boolean;
  send(message: { to: string; subject: string; text: string }): Promise<{ via: 'smtp' | 'file' }>;
}

/** Everything the API's routes and services work with. */
export interface ApiDeps {
  store: Store;
  bindings: BindingTable;
  events: ApiEventBus;
  sessions: SessionService;
  mailer: MailSender;
  /** The digest realm (the PBX domain). */
  realm: string;
  endpoints(): SipEndpoints;
  log: Logger;
  now?: () => number;
  /**
   * The canonical region names (pbx/numbering) that region rules and company numbers must
   * name; default: the shipped numbering table's.
   */
  regions?: () => readonly string[];
  /** The regions of a client's number (pbx/numbering), for the caller-ID check. */
  regionsOf?: (e164: string) => string[];
}
