import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { partyName, targetName } from './transfer-sentence';
import { TransferStatus } from './TransferStatus';

/**
 * An attended transfer in its consultation: who is consulted about whom, "Complete transfer"
 * (once the target has answered) and "Cancel transfer" (back to the client). Shown on the
 * consultation's screen and on the held client's; once the REFER is out, its progress.
 */
export function ConsultationPanel({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const { adapter } = useServices();
  const labelId = useId();
  const calls = useAppStore((s) => s.lines.calls);
  const client = call.consultationFor ? calls[call.consultationFor] : call;
  const transfer = client?.transfer;
  if (!client || !transfer) return null;
  // On the consultation's screen, the REFER's progress or failure once it is sent.
  if (transfer.state !== 'consulting') {
    return client.id === call.id ? null : <TransferStatus call={client} />;
  }
  const consultation = transfer.consultationId ? calls[transfer.consultationId] : undefined;
  const answered = consultation?.state === 'connected';
  const target = targetName(transfer.target);
  return (
    <div className="consultation" role="group" aria-labelledby={labelId}>
      <p id={labelId}>{t('transfer.consulting', { target, party: partyName(client) })}</p>
      {!answered && <p className="muted small">{t('transfer.completeWhenAnswered', { target })}</p>}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!answered}
          onClick={() => adapter.completeTransfer(client.id)}
        >
          {t('transfer.complete')}
        </button>
        <button type="button" onClick={() => adapter.cancelTransfer(client.id)}>
          {t('transfer.cancelConsult')}
        </button>
      </div>
    </div>
  );
}
