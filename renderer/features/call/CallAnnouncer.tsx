import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import { selectCalls } from '../../store';
import { callerOf, ringsHere } from '../desktop/call-notices';

/**
 * An ARIA live region that says a call is ringing here ("Incoming call from Anna Ivanova
 * 0462626"), on whichever tab is shown. It is always in the page, empty until then, so screen
 * readers hear the change.
 */
export function CallAnnouncer() {
  const { t } = useTranslation();
  const { store } = useServices();
  const [said, setSaid] = useState('');
  useEffect(() => {
    const announced = new Set<string>();
    const check = () => {
      const calls = selectCalls(store.getState());
      for (const call of calls) {
        if (!ringsHere(call) || announced.has(call.id)) continue;
        announced.add(call.id);
        const caller = callerOf(call);
        setSaid(
          calls.some((other) => other.id !== call.id && other.state !== 'ended')
            ? t('call.announceWaiting', { caller, line: call.line })
            : t('call.announceIncoming', { caller }),
        );
      }
    };
    check();
    return store.subscribe(check);
  }, [store, t]);
  return (
    <div className="visually-hidden" aria-live="assertive" aria-atomic="true">
      {said}
    </div>
  );
}
