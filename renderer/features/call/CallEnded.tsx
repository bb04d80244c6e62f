import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { endSentence } from './end-sentence';
import { Party } from './Party';

/** How long an ended call stays on screen before it leaves the lines. */
export const ENDED_CALL_SHOWN_MS = 2000;

/** The end of a call, in words, for a moment. */
export function CallEnded({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const { store } = useServices();
  useEffect(() => {
    const timer = setTimeout(() => store.getState().dismissCall(call.id), ENDED_CALL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [store, call.id]);
  return (
    <section className="call-view ended" aria-label={t('call.line', { line: call.line })}>
      <Party call={call} />
      <p className="call-state">{t('call.ended')}</p>
      <p className="end-reason" role="alert">
        {endSentence(t, call)}
      </p>
    </section>
  );
}
