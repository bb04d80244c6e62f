import { createHash, randomBytes } from 'node:crypto';
import type { Session } from '../../shared/api';
import type { FailurePenaltyOptions } from '../auth/penalty';
import { deviceSecretMatches, ha1Matches, verifyAdminPassword } from '../directory';
import type { Logger } from '../log';
import { storageProblemOf, type ApiSession, type SipNumberWithOwner, type Store } from '../store';
import { ApiError } from './errors';
import {
  SignInQueue,
  SignInQueueFull,
  type SignInLane,
  type SignInQueueOptions,
} from './sign-in-queue';
import { SignInThrottle, type SignInAccount } from './sign-in-throttle';

/** What a signed-in request carries (the stored session plus who it is, for the audit log). */
export interface SessionContext {
  role: ApiSession['role'];
  subjectId: number;
  companyId: number;
  tokenHash: string;
  /** The admin's e-mail or the employee's SIP number. */
  actor: string;
}

export interface SessionOptions {
  store: Store;
  /** The digest realm: an employee's API password is checked against the SIP HA1. */
  realm: string;
  now?: () => number;
  /** Sliding idle lifetimes. */
  adminTtlMs?: number;
  employeeTtlMs?: number;
  /** How failed sign-ins are slowed (pbx/auth/penalty.ts; its defaults otherwise). */
  penalty?: FailurePenaltyOptions;
  /** The bounded, fair queue of admin password checks (scrypt). */
  queue?: SignInQueueOptions;
  /** Where throttling is logged (the address and account, never a password). */
  log?: Logger;
}

const HOUR = 3_600_000;

export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/**
 * API sign-in, token check and sign-out. Tokens are 256 random bits; only their SHA-256 is
 * stored, so a copy of the database signs nobody in.
 */
export class SessionService {
  private readonly now: () => number;
  private readonly throttle: SignInThrottle;
  private readonly queue: SignInQueue;
  private readonly ttl: Record<ApiSession['role'], number>;

  constructor(private readonly options: SessionOptions) {
    this.now = options.now ?? Date.now;
    this.throttle = new SignInThrottle(options.store, options.log, {
      now: this.now,
      ...options.penalty,
    });
    this.queue = new SignInQueue(options.queue);
    this.ttl = {
      admin: options.adminTtlMs ?? 8 * HOUR,
      employee: options.employeeTtlMs ?? 24 * HOUR,
    };
  }

  /**
   * An admin's e-mail and password: checked in turn through the sign-in queue (503 with
   * Retry-After when it is full); a failure is answered after the throttle's delay.
   */
  async signInAdmin(email: string, password: string, address: string): Promise<Session> {
    const normalised = email.trim().toLowerCase();
    const known = await this.options.store.admins.getByEmail(normalised);
    const account: SignInAccount = { label: `admin ${normalised}`, companyId: known?.companyId };
    const admin = await this.inTurn(
      address,
      () => verifyAdminPassword(this.options.store, normalised, password),
      this.throttle.isSuspect(address) ? 'suspect' : 'clean',
    );
    if (!admin) throw await this.failed(account, address, 'wrong e-mail or password');
    this.throttle.succeeded(account, address);
    const { token, expiresAt } = await this.open('admin', admin.id, admin.companyId);
    return {
      role: 'admin',
      token,
      expiresAt,
      admin: { id: admin.id, email: admin.email },
      company: await this.company(admin.companyId),
    };
  }

  /** An employee's SIP number and SIP password, checked against the HA1 (no queue: one MD5). */
  async signInEmployee(sipNumber: string, password: string, address: string): Promise<Session> {
    const number = await this.options.store.sipNumbers.get(sipNumber);
    const account: SignInAccount = {
      label: `employee ${sipNumber}`,
      companyId: number?.companyId,
    };
    if (!number || !ha1Matches(number.ha1, sipNumber, this.options.realm, password))
      throw await this.failed(account, address, 'wrong SIP number or password');
    this.throttle.succeeded(account, address);
    return this.openEmployee(number);
  }

  /**
   * A device credential (issue 23 item 6): the browser kept signed in opens its employee
   * session with it, as with the password. Failures are throttled like the password's.
   */
  async signInDevice(username: string, secret: string, address: string): Promise<Session> {
    const credential = await this.verifyDevice(username, secret, address);
    const number = await this.options.store.sipNumbers.get(credential.sipNumber);
    if (!number) throw new ApiError('unauthorized', 'this SIP number no longer exists');
    return this.openEmployee(number);
  }

  private async openEmployee(number: SipNumberWithOwner): Promise<Session> {
    const { token, expiresAt } = await this.open('employee', number.employeeId, number.companyId);
    return {
      role: 'employee',
      token,
      expiresAt,
      employee: { id: number.employeeId, name: number.employeeName, sipNumber: number.number },
      company: await this.company(number.companyId),
    };
  }

  /** The device credential `username` when `secret` is its own; 401 (throttled) otherwise. */
  async verifyDevice(username: string, secret: string, address: string) {
    const credential = await this.options.store.deviceCredentials.get(username);
    const account: SignInAccount = {
      label: `device ${username}`,
      companyId: credential?.companyId,
    };
    if (!credential || !deviceSecretMatches(credential, this.options.realm, secret)) {
      throw await this.failed(
        account,
        address,
        'this device sign-in is no longer valid: sign in with the password',
      );
    }
    this.throttle.succeeded(account, address);
    return credential;
  }

  /** The session a bearer token names, its expiry moved forward; 401 when none. */
  async authenticate(token: string | undefined): Promise<SessionContext> {
    if (!token) throw new ApiError('unauthorized', 'sign in first: no bearer token');
    const tokenHash = hashToken(token);
    const { store } = this.options;
    const session = await store.apiSessions.get(tokenHash);
    const now = this.now();
    if (!session || session.expiresAt <= now) {
      if (session) await store.apiSessions.remove(tokenHash);
      throw new ApiError('unauthorized', 'the session has expired or was signed out');
    }
    const expiresAt = now + this.ttl[session.role];
    // Written at most once a minute per session, not on every request.
    if (expiresAt - session.expiresAt > 60_000) {
      await store.apiSessions.setExpiry(tokenHash, expiresAt).catch((error: unknown) => {
        // A full disk must not refuse reads: the session keeps its old expiry until a write works.
        if (!storageProblemOf(error)) throw error;
      });
    }
    const actor =
      session.role === 'admin'
        ? (await store.admins.get(session.subjectId))?.email
        : (await store.sipNumbers.getByEmployee(session.subjectId))?.number;
    if (actor === undefined) {
      await store.apiSessions.remove(tokenHash);
      throw new ApiError('unauthorized', 'the account of this session no longer exists');
    }
    return { ...session, tokenHash, actor };
  }

  /** The same check without side effects on expiry, for long-lived event sockets. */
  async isValid(tokenHash: string): Promise<boolean> {
    const session = await this.options.store.apiSessions.get(tokenHash);
    return session !== undefined && session.expiresAt > this.now();
  }

  async signOut(context: SessionContext): Promise<void> {
    await this.options.store.apiSessions.remove(context.tokenHash);
  }

  /** Ends every session of an employee (password reset, deletion). */
  async revokeEmployee(employeeId: number): Promise<void> {
    await this.options.store.apiSessions.removeBySubject('employee', employeeId);
  }

  private async open(role: ApiSession['role'], subjectId: number, companyId: number) {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = now + this.ttl[role];
    const { store } = this.options;
    await store.apiSessions.removeExpired(now);
    await store.apiSessions.create({
      tokenHash: hashToken(token),
      role,
      subjectId,
      companyId,
      createdAt: now,
      expiresAt,
    });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  private async company(id: number) {
    return { id, name: (await this.options.store.companies.get(id))?.name ?? '' };
  }

  private async inTurn<T>(address: string, job: () => Promise<T>, lane: SignInLane): Promise<T> {
    try {
      return await this.queue.run(address, job, lane);
    } catch (error) {
      if (!(error instanceof SignInQueueFull)) throw error;
      throw ApiError.unavailable(
        'too many sign-ins are being checked at the moment: try again in a few seconds',
        error.retryAfterSeconds,
      );
    }
  }

  private async failed(account: SignInAccount, address: string, message: string) {
    await this.throttle.failed(account, address);
    return new ApiError('unauthorized', message);
  }
}
