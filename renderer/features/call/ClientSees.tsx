import { useTranslation } from 'react-i18next';
import type { CallInfo } from '../../sip/types';
import { formatPhone } from '../caller-id/format-phone';

/** The caller ID the client sees on an outgoing call, as the PBX said it (`X-Caller-ID`). */
export function ClientSees({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  if (!call.callerIdShown) return null;
  return (
    <p className="client-sees">
      {t('call.clientSees', { number: formatPhone(call.callerIdShown) })}
    </p>
  );
}
