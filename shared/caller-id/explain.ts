import type { CallerIdReason } from './types';

/** YYYY-MM-DD of `at` in `timeZone` (UTC when absent or not a known zone). */
export function formatDay(at: number, timeZone = 'UTC'): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    return new Date(at).toISOString().slice(0, 10);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

function pool(of: number | undefined, where: string): string {
  if (of === undefined) return `one of the permitted numbers${where}`;
  return of === 1 ? `the only permitted number${where}` : `one of ${of} permitted numbers${where}`;
}

/**
 * One-line English explanation for the call record and the Admin tab's "which number will the
 * client see" check, e.g. "familiar: last answered call on 2026-11-20".
 */
export function explainReason(reason: CallerIdReason, options: { timeZone?: string } = {}): string {
  switch (reason.kind) {
    case 'fixed':
      return reason.skipped === undefined ? 'fixed number' : `fixed number (${reason.skipped})`;
    case 'employee-choice':
      return "fixed: the employee's own choice";
    case 'familiar':
      return `familiar: last answered call on ${formatDay(reason.at, options.timeZone)}`;
    case 'regional':
      return `regional: a company number in ${reason.region}`;
    case 'random':
      return `random: ${pool(reason.of, '')}`;
    case 'random-regional':
      return `random regional: ${pool(reason.of, ` in ${reason.region}`)}`;
    case 'default-fallback':
      return `default number: ${reason.because}`;
    case 'permitted-fallback':
      return `first permitted number: ${reason.because}`;
  }
}
