import type { Announcements } from '../media/announcements';
import type { Directory, Tenancy } from '../directory';
import type { Logger } from '../log';
import type { BindingTable } from '../registrar/bindings';
import type { DoNotDisturbTable } from '../presence/do-not-disturb';
import type { DialogTracker } from '../routing/dialogs';
import type { CompanyStore, StorageHealth, Store } from '../store';
import type { ApiEventBus } from './events/bus';
import type { ApiRateLimiter } from './rate-limit';
import type { SessionContext, SessionService } from './sessions';

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

/** The recordings refused callers hear, and whether this PBX can play them (rtpengine). */
export interface AnnouncementDeps {
  recordings: Announcements;
  playable: boolean;
}

/** Everything the API's routes and services work with. */
export interface ApiDeps {
  /** Announcements (docs: Announcements); without them the routes answer 404. */
  announcements?: AnnouncementDeps;
  /**
   * The operator's scope: sign-in, sessions and the operator API only. What a company owns
   * is reached through `CompanyDeps.company` (store.forCompany), never through this.
   */
  store: Store;
  /** The SIP path's view: read-your-writes after a change, the caller-ID check, quotas. */
  directory: Directory;
  tenancy: Tenancy;
  bindings: BindingTable;
  /** The calls in progress, for colleagues' presence (absent: nobody is on a call). */
  dialogs?: Pick<DialogTracker, 'callsOf'>;
  /** Devices' do-not-disturb (absent: nobody is on DND, and the softphone's report is refused). */
  doNotDisturb?: DoNotDisturbTable;
  events: ApiEventBus;
  sessions: SessionService;
  /** Per-company API requests per minute, as the operator's quota sets. */
  rateLimiter?: ApiRateLimiter;
  mailer: MailSender;
  /** Where admins open the PBX's pages (`--public-url`), for links in its mail. */
  publicUrl?: string;
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
  /** Whether the database writes now: a write it refuses is a 503, the Admin tab a banner. */
  storage?: StorageHealth;
}

/**
 * What a service of one company gets: that company's store and nothing wider, so tenant
 * isolation holds by construction (docs/architecture.md, Tenancy).
 */
export type CompanyDeps = Omit<ApiDeps, 'store'> & { company: CompanyStore };

/** The deps of the signed-in session's company. */
export function companyDeps(deps: ApiDeps, by: SessionContext): CompanyDeps {
  const { store, ...rest } = deps;
  return { ...rest, company: store.forCompany(by.companyId) };
}
