import type { TFunction } from 'i18next';
import type { CallInfo, TransferProblem, TransferTarget } from '../../sip/types';
import { endSentence } from '../call/end-sentence';

/** A transfer target as the screen names it: the colleague's name, else the number. */
export const targetName = (target: TransferTarget): string => target.name ?? target.number;

/** A transfer target with its number: "Boris Petrov (0333333)", or the number alone. */
export const targetLabel = (target: TransferTarget): string =>
  target.name ? `${target.name} (${target.number})` : target.number;

/** The other party of a call, as the screen names them. */
export const partyName = (call: Pick<CallInfo, 'remoteName' | 'remoteNumber'>): string =>
  call.remoteName ?? call.remoteNumber;

/** Why a transfer failed, in words: the refusal and end sentences the call screens use. */
export function transferProblemSentence(t: TFunction, problem: TransferProblem | undefined) {
  if (!problem) return t('end.failed');
  if (problem.reason === 'timeout') return t('transfer.timeout');
  if (problem.reason === 'not-accepted') return t('transfer.notAccepted');
  return endSentence(t, {
    endReason: problem.reason,
    ...(problem.refusal ? { refusal: problem.refusal } : {}),
    ...(problem.status ? { status: problem.status } : {}),
  });
}
