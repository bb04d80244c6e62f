import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import { useTone } from '../../app/use-tone';
import type { CallInfo } from '../../sip/types';
import { answerCall } from './call-actions';
import { Party } from './Party';

/** A call ringing here: caller name and number, ringtone, Answer and Decline. */
export function IncomingCall({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const services = useServices();
  useTone(call.waiting ? 'waiting' : 'ringtone');
  useNotifyIncoming(call);
  return (
    <section className="call-view incoming" aria-label={t('call.line', { line: call.line })}>
      <p className="call-state">{t('call.incoming')}</p>
      <Party call={call} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => answerCall(services, call.id)}>
          {t('call.answer')}
        </button>
        <button type="button" className="danger" onClick={() => services.adapter.decline(call.id)}>
          {t('call.decline')}
        </button>
      </div>
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
    if (notified.current === call.id) return;
    notified.current = call.id;
    host.notify(t('notify.incoming'), who);
  }, [host, call.id, t, who]);
}
