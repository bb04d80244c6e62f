import { useEffect } from 'react';
import { callKeyAction } from '../../app/phone-keys';
import { useServices } from '../../app/services';
import { selectSelectedCall } from '../../store';
import { answerCall, sendDigits } from './call-actions';

/**
 * The keyboard during calls, while the calls are shown: Enter answers, Escape declines or hangs
 * up, digits are sent as tones (see `callKeyAction`).
 */
export function useCallKeys(): void {
  const services = useServices();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const state = services.store.getState();
      const action = callKeyAction(event, selectSelectedCall(state), state.lines.calls);
      if (!action) return;
      event.preventDefault();
      if (action.kind === 'answer') answerCall(services, action.id);
      else if (action.kind === 'decline') services.adapter.decline(action.id);
      else if (action.kind === 'hangup') services.adapter.hangup(action.id);
      else sendDigits(services, action.id, action.digit);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [services]);
}
