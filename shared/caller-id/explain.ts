import type { CallerIdReason, CallerIdRefusalWhy, CallerIdWhy, NumberRole } from './types';

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

/** "Saint Petersburg", or "Saint Petersburg or Leningrad Oblast" for a two-subject row. */
export function regionPhrase(regions: readonly string[]): string {
  return [...new Set(regions)].join(' or ');
}

const ROLE: Record<NumberRole, string> = {
  choice: "the employee's choice",
  fixed: 'the fixed number',
  default: 'the default number',
  familiar: 'the familiar number',
};

/** One reason in English ("the default number +7… is disabled"). */
export function explainWhy(why: CallerIdWhy): string {
  switch (why.kind) {
    case 'no-familiar':
      return 'no familiar number';
    case 'no-fixed':
      return 'no fixed number is set';
    case 'no-default':
      return 'the company has no default number';
    case 'not-permitted': {
      const cause =
        why.cause === 'not-company'
          ? 'is not a company number'
          : why.cause === 'disabled'
            ? 'is disabled'
            : `is not permitted for ${regionPhrase(why.regions)}`;
      return `${ROLE[why.role]} ${why.number} ${cause}`;
    }
    case 'no-regional': {
      const where = regionPhrase(why.regions);
      switch (why.cause) {
        case 'client-no-region':
          return "the client's number has no region";
        case 'none-in-region':
          return `no company number in ${where}`;
        case 'none-enabled':
          return `no enabled company number in ${where}`;
        case 'none-permitted':
          return `no permitted company number in ${where}`;
      }
    }
  }
}

const because = (whys: readonly CallerIdWhy[]) => whys.map(explainWhy).join(', and ');

/** Why a call gets no caller ID, in English. */
export function explainRefusal(why: CallerIdRefusalWhy): string {
  return why.kind === 'no-enabled'
    ? 'no caller ID permitted: the company has no enabled number'
    : `no caller ID permitted: region restrictions for ${regionPhrase(why.regions)} leave none of the company's enabled numbers`;
}

/**
 * One-line English explanation for the call record and the Admin tab's "which number will the
 * client see" check, e.g. "familiar: last answered call on 2026-11-20".
 */
export function explainReason(reason: CallerIdReason, options: { timeZone?: string } = {}): string {
  switch (reason.kind) {
    case 'fixed':
      return reason.skipped === undefined
        ? 'fixed number'
        : `fixed number (${explainWhy(reason.skipped)})`;
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
      return `default number: ${because(reason.because)}`;
    case 'regional-fallback':
      return `a permitted number in ${reason.region}: ${because(reason.because)}`;
    case 'random-fallback':
      return `random: ${pool(reason.of, '')}, since ${because(reason.because)}`;
  }
}
