import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { AnswerActions } from './AnswerActions';
import { Party } from './Party';

/** A call ringing here: caller name and number, Answer and Decline (Lines sounds it). */
export function IncomingCall({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  useNotifyIncoming(call);
  return (
    <section className="call-view incoming" aria-label={t('call.line', { line: call.line })}>
      <p className="call-state">{t('call.incoming')}</p>
      <Party call={call} />
      <AnswerActions call={call} />
    </section>
  );
}

/** Tells the desktop (or the browser) about a ringing call, once. */
export function useNotifyIncoming(call: CallInfo): void {
  const { t } = useTranslation();
  const { host } = useServices();
  const who = [call.remoteName, call.remoteNumber].filter(Boolean).join(' ');
  const notified = useRef<string>(undefined);
  useEffect(() => {
    // The desktop app is told of calls by the host wiring (notifications with Answer/Decline).
    if (notified.current === call.id || host.desktop) return;
    notified.current = call.id;
    host.notify(t('notify.incoming'), who);
  }, [host, call.id, t, who]);
}
