import type { TFunction } from 'i18next';
import type { CallerIdCheckResult } from '../../../shared/api/caller-id-check';
import { formatPhone } from '../caller-id/format-phone';

type Reason = NonNullable<CallerIdCheckResult['reason']>;
type Refusal = NonNullable<CallerIdCheckResult['refusal']>;
type Why = Extract<Reason, { kind: 'default-fallback' }>['because'][number];

export interface ExplainContext {
  t: TFunction;
  /** A canonical region name as the UI language shows it. */
  region(name: string): string;
  /** The admin's IANA time zone; the system's when absent. */
  timeZone?: string;
  language: string;
}

const regionsOf = (c: ExplainContext, regions: readonly string[]) =>
  [...new Set(regions)].map(c.region).join(c.t('callerIdExplain.or'));

/** One reason a number was passed over, in the UI language. */
function why(c: ExplainContext, item: Why): string {
  const { t } = c;
  switch (item.kind) {
    case 'no-familiar':
    case 'no-fixed':
    case 'no-default':
      return t(`callerIdExplain.${item.kind}`);
    case 'not-permitted':
      return t(`callerIdExplain.notPermitted.${item.cause}`, {
        what: t(`callerIdExplain.role.${item.role}`),
        number: formatPhone(item.number),
        regions: regionsOf(c, item.regions),
      });
    case 'no-regional':
      return t(`callerIdExplain.noRegional.${item.cause}`, { regions: regionsOf(c, item.regions) });
  }
}

const because = (c: ExplainContext, items: readonly Why[]) =>
  items.map((item) => why(c, item)).join(c.t('callerIdExplain.and'));

/** The day of `at` in the admin's time zone, in the UI language's style. */
function day(c: ExplainContext, at: number): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
  try {
    return new Intl.DateTimeFormat(c.language, { ...options, timeZone: c.timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(c.language, options).format(at);
  }
}

/**
 * The "which number will the client see" reason (shared/caller-id), worded in the UI language
 * with dates in the admin's time zone; the PBX's own English line stays in call records.
 */
export function explainCallerId(c: ExplainContext, reason: Reason): string {
  const { t } = c;
  switch (reason.kind) {
    case 'fixed':
      return reason.skipped
        ? t('callerIdExplain.fixedSkipped', { why: why(c, reason.skipped) })
        : t('callerIdExplain.fixed');
    case 'employee-choice':
      return t('callerIdExplain.employeeChoice');
    case 'familiar':
      return t('callerIdExplain.familiar', { day: day(c, reason.at) });
    case 'regional':
      return t('callerIdExplain.regional', { region: c.region(reason.region) });
    case 'random':
      return t('callerIdExplain.random', { count: reason.of ?? 0 });
    case 'random-regional':
      return t('callerIdExplain.randomRegional', {
        count: reason.of ?? 0,
        region: c.region(reason.region),
      });
    case 'default-fallback':
      return t('callerIdExplain.defaultFallback', { why: because(c, reason.because) });
    case 'regional-fallback':
      return t('callerIdExplain.regionalFallback', {
        region: c.region(reason.region),
        why: because(c, reason.because),
      });
    case 'random-fallback':
      return t('callerIdExplain.randomFallback', {
        count: reason.of,
        why: because(c, reason.because),
      });
  }
}

/** Why no number can be shown, in the UI language. */
export function explainCallerIdRefusal(c: ExplainContext, refusal: Refusal): string {
  return refusal.kind === 'no-enabled'
    ? c.t('callerIdExplain.noEnabled')
    : c.t('callerIdExplain.rulesLeaveNone', { regions: regionsOf(c, refusal.regions) });
}
