import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import { useTone } from '../../app/use-tone';
import type { CallInfo } from '../../sip/types';
import { ConsultationPanel } from '../transfer/ConsultationPanel';
import { ClientSees } from './ClientSees';
import { Party } from './Party';

/** Dialling and ringing at the other end: ringback tone, Cancel. */
export function OutgoingCall({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const { adapter } = useServices();
  useTone('ringback', call.state === 'ringback');
  return (
    <section className="call-view outgoing" aria-label={t('call.line', { line: call.line })}>
      <Party call={call} />
      <ClientSees call={call} />
      <p className="call-state" role="status">
        {call.state === 'ringback' ? t('call.ringing') : t('call.calling')}
      </p>
      <ConsultationPanel call={call} />
      <div className="actions">
        <button type="button" className="danger" onClick={() => adapter.hangup(call.id)}>
          {t('call.cancel')}
        </button>
      </div>
    </section>
  );
}
