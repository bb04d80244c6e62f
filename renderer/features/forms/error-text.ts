import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiRequestError, type FieldProblem } from '../../api';

/** A server message as a sentence: capital first letter, full stop at the end. */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/** The minutes to wait after a 429, from Retry-After (at least 1), or undefined. */
export function waitMinutes(error: ApiRequestError): number | undefined {
  return error.retryAfterS === undefined
    ? undefined
    : Math.max(1, Math.ceil(error.retryAfterS / 60));
}

/**
 * What went wrong with a request, in a sentence a person can act on. `own` gives the sentences
 * a form words itself, by HTTP status (409: which conflict).
 */
export function errorSentence(
  t: TFunction,
  error: unknown,
  own: Partial<Record<number, string>> = {},
): string {
  if (!(error instanceof ApiRequestError)) return t('apiErrors.unknown');
  const mine = own[error.status];
  if (mine) return mine;
  switch (error.code) {
    case 'network':
      return t('apiErrors.network');
    case 'bad-response':
      return t('apiErrors.badResponse');
    case 'unauthorized':
      return t('apiErrors.unauthorized');
    case 'forbidden':
      return t('apiErrors.forbidden');
    case 'not-found':
      return t('apiErrors.notFound');
    case 'conflict':
      return t('apiErrors.conflict', { message: asSentence(error.message) });
    case 'too-many-attempts': {
      const minutes = waitMinutes(error);
      return minutes ? t('apiErrors.tooManyIn', { minutes }) : t('apiErrors.tooMany');
    }
    case 'unavailable':
      return t('apiErrors.busy', { seconds: error.retryAfterS ?? 5 });
    case 'bad-request':
      return error.fields.length > 0
        ? error.fields.map((f) => asSentence(f.message)).join(' ')
        : t('apiErrors.badRequest', { message: asSentence(error.message) });
    default:
      return t('apiErrors.server', { status: error.status });
  }
}

/** The problems of a local check with a shared schema, in the API's `fields` shape. */
export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
