import { useTranslation } from 'react-i18next';
import type { CallInfo } from '../../sip/types';
import { AnswerActions } from './AnswerActions';
import { useNotifyIncoming } from './IncomingCall';

/** A waiting call on another line while this one is shown (Lines announces it). */
export function WaitingNotice({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  useNotifyIncoming(call);
  const caller = call.remoteName ? `${call.remoteName} (${call.remoteNumber})` : call.remoteNumber;
  return (
    <div
      className="waiting-notice"
      role="alert"
      aria-label={t('call.line', { line: call.line })}
      data-call-id={call.id}
    >
      <strong>{t('call.line', { line: call.line })}</strong>
      <span>{t('call.waiting', { caller })}</span>
      <AnswerActions call={call} />
    </div>
  );
}
