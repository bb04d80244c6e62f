import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { targetName } from '../transfer/transfer-sentence';
import { endSentence } from './end-sentence';
import { Party } from './Party';

/** How long an ended call stays on screen before it leaves the lines. */
export const ENDED_CALL_SHOWN_MS = 2000;

/**
 * Takes an ended call out of the lines a moment after it ended, whether it is the call shown
 * or one on another line (a waiting call that was cancelled, a held call the other side ended).
 */
export function DismissWhenShown({ id }: { id: string }) {
  const { store } = useServices();
  useEffect(() => {
    const timer = setTimeout(() => store.getState().dismissCall(id), ENDED_CALL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [store, id]);
  return null;
}

/** The end of a call, in words, for a moment (`DismissWhenShown` then takes it away). */
export function CallEnded({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  return (
    <section className="call-view ended" aria-label={t('call.line', { line: call.line })}>
      <Party call={call} />
      <p className="call-state">{t('call.ended')}</p>
      <p className="end-reason" role="alert">
        {call.endReason === 'transferred' && call.transfer?.state === 'done'
          ? t('transfer.done', { target: targetName(call.transfer.target) })
          : endSentence(t, call)}
      </p>
    </section>
  );
}
