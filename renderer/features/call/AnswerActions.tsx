import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { answerCall } from './call-actions';

/** Answer and Decline for a ringing call, on its own screen or as a second-line notice. */
export function AnswerActions({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const services = useServices();
  return (
    <div className="actions">
      <button type="button" className="primary" onClick={() => answerCall(services, call.id)}>
        {t('call.answer')}
      </button>
      <button type="button" className="danger" onClick={() => services.adapter.decline(call.id)}>
        {t('call.decline')}
      </button>
    </div>
  );
}
