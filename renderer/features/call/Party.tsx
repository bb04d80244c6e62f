import { useTranslation } from 'react-i18next';
import type { CallInfo } from '../../sip/types';

/** The other party: name when the PBX gave one, the number, and who transferred the call. */
export function Party({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  return (
    <div className="party">
      {call.remoteName && <div className="party-name">{call.remoteName}</div>}
      <div className="party-number">{call.remoteNumber}</div>
      {call.transferredBy && (
        <div className="transferred-by">{t('transfer.by', { name: call.transferredBy })}</div>
      )}
    </div>
  );
}
