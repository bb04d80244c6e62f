import { apiErrorSchema, type ApiErrorCode } from '../../shared/api';

/** What went wrong with a request: the API's own codes, or no answer at all. */
export type ApiFailure = ApiErrorCode | 'network' | 'bad-response';

export interface FieldProblem {
  /** The field's path in the request body, dotted (`callerId.number`). */
  path: string;
  message: string;
}

/** A request the API refused, or one that never got an answer (`status` 0). */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly code: ApiFailure,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** Seconds from `Retry-After`, when a `429` carried it. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** True when `error` is an ApiRequestError with this HTTP status. */
export function hasStatus(error: unknown, status: number): error is ApiRequestError {
  return error instanceof ApiRequestError && error.status === status;
}

const CODE_OF_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  429: 'too-many-attempts',
};

/** Seconds of a `Retry-After` header: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The error of a response that is not OK, from its `{ error, message, fields }` body. */
export async function errorOfResponse(response: Response): Promise<ApiRequestError> {
  const retryAfterS = parseRetryAfter(response.headers.get('retry-after'));
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { error, message, fields } = parsed.data;
    return new ApiRequestError(response.status, error, message, fields ?? [], retryAfterS);
  }
  const code = CODE_OF_STATUS[response.status] ?? 'internal';
  return new ApiRequestError(response.status, code, `HTTP ${response.status}`, [], retryAfterS);
}
