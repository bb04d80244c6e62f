import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError as ApiErrorBody, ApiErrorCode } from '../../shared/api';
import { REFUSALS, type RefusalName, type RefusalToken } from '../../shared/refusals';
import { DirectoryError, QuotaError } from '../directory';
import { StoreConflictError, storageProblemOf, type StorageHealth } from '../store';

const STATUS_OF: Record<ApiErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-many-attempts': 429,
  'company-suspended': 403,
  'quota-exceeded': 403,
  unavailable: 503,
  internal: 500,
};

/** An answer other than success, thrown from a handler or a service. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: { path: string; message: string }[],
    /** Seconds, for `429` and `503`. */
    readonly retryAfterSeconds?: number,
    /** The refusal behind it (a quota, a suspension): its status and `X-Pbx-Reason` token. */
    readonly refusal?: { status: number; token: RefusalToken },
  ) {
    super(message);
  }

  get status(): number {
    return this.refusal?.status ?? STATUS_OF[this.code];
  }

  /** A refusal of the table in shared/refusals.ts, with a sentence saying why. */
  static refused(name: RefusalName, message: string, retryAfterSeconds?: number): ApiError {
    const { status, token } = REFUSALS[name];
    const code: ApiErrorCode = name === 'companySuspended' ? 'company-suspended' : 'quota-exceeded';
    return new ApiError(code, message, undefined, retryAfterSeconds, { status, token });
  }

  static badField(path: string, message: string): ApiError {
    return new ApiError('bad-request', `${path}: ${message}`, [{ path, message }]);
  }

  /** `503` with `Retry-After`: the PBX cannot take this now (a sentence says why). */
  static unavailable(message: string, retryAfterSeconds: number): ApiError {
    return new ApiError('unavailable', message, undefined, retryAfterSeconds);
  }

  static notFound(what: string): ApiError {
    return new ApiError('not-found', `${what} not found`);
  }
}

/** What an API client is told when the database cannot take its change (issue 20 item 6). */
export const STORAGE_REFUSAL_MESSAGE = {
  'disk-full':
    'The PBX cannot save changes now: its disk is full. Your change was not saved; calls go on. Try again once space has been freed.',
  unavailable:
    'The PBX cannot save changes now: its database is unavailable. Your change was not saved; calls go on. Try again in a minute.',
} as const;

/** Seconds a client is asked to wait before trying a refused change again. */
const STORAGE_RETRY_AFTER_S = 30;

/**
 * One error shape for every API route: `{ error, message, fields? }` (shared/api/common.ts).
 * A storage problem is a 503 in words, told to `storage` (which logs it once a minute), not a
 * stack per request.
 */
export function installErrorHandler(app: FastifyInstance, storage?: StorageHealth): void {
  app.setErrorHandler(
    (
      error: FastifyError | ApiError | DirectoryError | QuotaError | StoreConflictError,
      request,
      reply,
    ) => {
      const send = (status: number, body: ApiErrorBody) => reply.code(status).send(body);
      if (error instanceof QuotaError) {
        return reply
          .code(REFUSALS.employeeQuota.status)
          .header('x-pbx-reason', error.token)
          .send({ error: 'quota-exceeded', message: error.message });
      }
      if (error instanceof StoreConflictError) {
        // Another writer took the same name or number a moment earlier.
        return send(409, { error: 'conflict', message: 'taken meanwhile: try again' });
      }
      if (error instanceof ApiError) {
        if (error.retryAfterSeconds !== undefined) {
          void reply.header('retry-after', String(error.retryAfterSeconds));
        }
        if (error.refusal) void reply.header('x-pbx-reason', error.refusal.token);
        return send(error.status, {
          error: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
        });
      }
      if (error instanceof DirectoryError) {
        return send(400, {
          error: 'bad-request',
          message: `${error.field}: ${error.message}`,
          fields: [{ path: error.field, message: error.message }],
        });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const fields = error.validation.map((issue) => ({
          path:
            issue.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
            error.validationContext ||
            '',
          message: issue.message ?? 'is not valid',
        }));
        return send(400, {
          error: 'bad-request',
          message: fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; '),
          fields,
        });
      }
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        // Fastify's own refusals: unparsable JSON, a body too large, a wrong content type.
        return send(error.statusCode === 404 ? 404 : 400, {
          error: error.statusCode === 404 ? 'not-found' : 'bad-request',
          message: error.message,
        });
      }
      const problem = storageProblemOf(error);
      if (problem) {
        storage?.failed(problem, error);
        const { status, token } = REFUSALS.storageUnavailable;
        return reply
          .code(status)
          .header('x-pbx-reason', token)
          .header('retry-after', String(STORAGE_RETRY_AFTER_S))
          .send({ error: 'unavailable', message: STORAGE_REFUSAL_MESSAGE[problem] });
      }
      request.log.error({ err: error }, 'API request failed');
      return send(500, { error: 'internal', message: 'internal error' });
    },
  );
}
