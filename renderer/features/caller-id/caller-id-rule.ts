import type { TFunction } from 'i18next';
import type { MyNumber } from '../../../shared/api';
import { formatPhone } from './format-phone';

type CallerId = MyNumber['callerId'];

/** The number the administrator set, formatted, or the words for the default number. */
export function adminNumber(t: TFunction, callerId: CallerId): string {
  return callerId.fixedNumber ? formatPhone(callerId.fixedNumber) : t('callerId.defaultNumber');
}

/**
 * The caller-ID rule in force when the employee may not choose, in words ("Familiar number:
 * …", "Fixed: +7 812 …"); an earlier choice of theirs no longer counts then.
 */
export function callerIdRule(t: TFunction, callerId: CallerId): string {
  if (callerId.mode !== 'fixed') return t(`callerIdPicker.rule.${callerId.mode}`);
  return t('callerIdPicker.rule.fixed', { number: adminNumber(t, callerId) });
}

/** A choice with its region, as the picker lists it. */
export function choiceLabel(callerId: CallerId, number: string): string {
  const region = callerId.choiceRegions[number];
  return region ? `${formatPhone(number)} · ${region}` : formatPhone(number);
}
