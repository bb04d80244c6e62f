import type { TFunction } from 'i18next';
import type { CallInfo } from '../../sip/types';
import { statusSentenceKey } from '../../sip/sip-statuses';

/**
 * A refusal's sentence: its token's own, else its status's. Never a number: the status only
 * chooses the words.
 */
export function refusalSentence(t: TFunction, token: string, status: number | undefined): string {
  const fallback = status === undefined ? t('end.refused') : t(statusSentenceKey(status));
  return t(`refusal.${token}`, { defaultValue: fallback });
}

/** Why a call ended, in words: the refusal token's sentence first, else the end reason's. */
export function endSentence(
  t: TFunction,
  call: Pick<CallInfo, 'endReason' | 'refusal' | 'status' | 'failure'>,
): string {
  if (call.refusal) return refusalSentence(t, call.refusal, call.status);
  if (call.endReason === 'failed') {
    if (call.status !== undefined && call.status >= 300) return t(statusSentenceKey(call.status));
    if (call.failure) return t(`failure.${call.failure}`);
  }
  return t(`end.${call.endReason ?? 'hangup-remote'}`);
}
