import { useTranslation } from 'react-i18next';
import type { CallInfo } from '../../sip/types';
import { partyName, targetName, transferProblemSentence } from './transfer-sentence';

/**
 * How a transfer of this call goes, in words: progress as a status, a failure as an alert
 * (with the client back on the line). Also the other side transferring us.
 */
export function TransferStatus({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const transfer = call.transfer;
  if (call.referredTo) {
    return (
      <p className="transfer-status" role="status">
        {t('transfer.referredTo', { number: call.referredTo })}
      </p>
    );
  }
  if (!transfer || transfer.state === 'consulting') return null;
  const target = targetName(transfer.target);
  if (transfer.state === 'failed') {
    return (
      <p className="transfer-status failed" role="alert">
        {t('transfer.failed', {
          target,
          reason: transferProblemSentence(t, transfer.problem),
        })}{' '}
        {call.state === 'connected' && t('transfer.backWith', { party: partyName(call) })}
      </p>
    );
  }
  const text =
    transfer.state === 'ringing'
      ? t('transfer.ringing', { target })
      : transfer.state === 'done'
        ? t('transfer.done', { target })
        : t('transfer.referring', { target });
  return (
    <p className="transfer-status" role="status">
      {text}
    </p>
  );
}
