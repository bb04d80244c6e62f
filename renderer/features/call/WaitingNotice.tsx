import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import { useTone } from '../../app/use-tone';
import type { CallInfo } from '../../sip/types';
import { answerCall } from './call-actions';
import { useNotifyIncoming } from './IncomingCall';

/** A waiting call on another line while this one is shown: second-line tone and notice. */
export function WaitingNotice({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const services = useServices();
  useTone('waiting');
  useNotifyIncoming(call);
  const caller = call.remoteName ? `${call.remoteName} (${call.remoteNumber})` : call.remoteNumber;
  return (
    <div className="waiting-notice" role="alert" aria-label={t('call.line', { line: call.line })}>
      <strong>{t('call.line', { line: call.line })}</strong>
      <span>{t('call.waiting', { caller })}</span>
      <div className="actions">
        <button type="button" className="primary" onClick={() => answerCall(services, call.id)}>
          {t('call.answer')}
        </button>
        <button type="button" className="danger" onClick={() => services.adapter.decline(call.id)}>
          {t('call.decline')}
        </button>
      </div>
    </div>
  );
}
