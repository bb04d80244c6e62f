import type { TFunction } from 'i18next';
import type { CallInfo } from '../../sip/types';

/** Why a call ended, in words: the refusal token's sentence first, else the end reason's. */
export function endSentence(
  t: TFunction,
  call: Pick<CallInfo, 'endReason' | 'refusal' | 'status'>,
): string {
  if (call.refusal) return t(`refusal.${call.refusal}`);
  if (call.endReason === 'failed' && call.status)
    return t('end.failedStatus', { status: call.status });
  return t(`end.${call.endReason ?? 'hangup-remote'}`);
}
