import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Session } from '../../shared/api';
import { FailureThrottle } from '../auth/throttle';
import { computeHa1, verifyAdminPassword } from '../directory';
import type { ApiSession, Store } from '../store';
import { ApiError } from './errors';

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
  /** Failed sign-ins per account, and per address, in `throttleWindowMs`. */
  accountFailureLimit?: number;
  addressFailureLimit?: number;
  throttleWindowMs?: number;
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
  private readonly accountThrottle: FailureThrottle;
  private readonly addressThrottle: FailureThrottle;
  private readonly ttl: Record<ApiSession['role'], number>;

  constructor(private readonly options: SessionOptions) {
    this.now = options.now ?? Date.now;
    const window = options.throttleWindowMs ?? 15 * 60_000;
    this.accountThrottle = new FailureThrottle(options.accountFailureLimit ?? 10, window, this.now);
    this.addressThrottle = new FailureThrottle(options.addressFailureLimit ?? 50, window, this.now);
    this.ttl = {
      admin: options.adminTtlMs ?? 8 * HOUR,
      employee: options.employeeTtlMs ?? 24 * HOUR,
    };
  }

  async signInAdmin(email: string, password: string, address: string): Promise<Session> {
    const account = `admin:${email.trim().toLowerCase()}`;
    this.refuseWhenThrottled(account, address);
    const admin = await verifyAdminPassword(this.options.store, email, password);
    if (!admin) throw this.failed(account, address, 'wrong e-mail or password');
    const { token, expiresAt } = await this.open('admin', admin.id, admin.companyId);
    return {
      role: 'admin',
      token,
      expiresAt,
      admin: { id: admin.id, email: admin.email },
      company: await this.company(admin.companyId),
    };
  }

  async signInEmployee(sipNumber: string, password: string, address: string): Promise<Session> {
    const account = `employee:${sipNumber}`;
    this.refuseWhenThrottled(account, address);
    const number = await this.options.store.sipNumbers.get(sipNumber);
    const expected = Buffer.from(number?.ha1 ?? '0'.repeat(32), 'hex');
    const actual = Buffer.from(computeHa1(sipNumber, this.options.realm, password), 'hex');
    const matches = expected.length === actual.length && timingSafeEqual(expected, actual);
    if (!number || !matches) throw this.failed(account, address, 'wrong SIP number or password');
    const { token, expiresAt } = await this.open('employee', number.employeeId, number.companyId);
    return {
      role: 'employee',
      token,
      expiresAt,
      employee: { id: number.employeeId, name: number.employeeName, sipNumber: number.number },
      company: await this.company(number.companyId),
    };
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
      await store.apiSessions.setExpiry(tokenHash, expiresAt);
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

  private refuseWhenThrottled(account: string, address: string): void {
    const waitMs = Math.max(
      this.accountThrottle.retryAfterMs(account),
      this.addressThrottle.retryAfterMs(address),
    );
    if (waitMs > 0) {
      throw new ApiError(
        'too-many-attempts',
        'too many failed sign-ins: try again later',
        undefined,
        Math.ceil(waitMs / 1000),
      );
    }
  }

  private failed(account: string, address: string, message: string): ApiError {
    this.accountThrottle.recordFailure(account);
    this.addressThrottle.recordFailure(address);
    return new ApiError('unauthorized', message);
  }
}
