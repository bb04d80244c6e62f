import type { HotkeyAction } from '../../../shared/desktop/accelerator';
import type { CallAction } from '../../../shared/desktop/call-notifications';
import type { DesktopStatus } from '../../../shared/desktop/desktop-state';
import type { Services } from '../../app/services';
import type { DesktopIntegration } from '../../host/desktop-integration';
import type { CallInfo } from '../../sip/types';
import { selectCalls, selectSelectedCall, type AppState } from '../../store';
import { answerCall } from '../call/call-actions';
import { callNotices, ringsHere } from './call-notices';

/** Words in the UI language at the moment they are needed. */
export type Translate = (key: string) => string;

/** What the tray shows. */
export const statusOf = (state: AppState): DesktopStatus => ({
  registration: state.registration.status === 'registered' ? 'registered' : 'unregistered',
  doNotDisturb: state.settings.doNotDisturb,
});

/**
 * Connects the store and the adapter to the desktop app: call notifications and what the user
 * does with them, tray status and do-not-disturb, language, global shortcuts, links to dial,
 * re-registration on wake-up. Returns the function that undoes it.
 */
export function wireDesktop(services: Services, desktop: DesktopIntegration, t: Translate) {
  const { store, adapter } = services;
  /** Incoming calls main was told are ringing (not those do-not-disturb declined). */
  const ringing = new Map<string, CallInfo>();
  let lastStatus = '';
  let language = store.getState().settings.language;

  const report = (state: AppState) => {
    const status = statusOf(state);
    const key = JSON.stringify(status);
    if (key === lastStatus) return;
    lastStatus = key;
    desktop.reportStatus(status);
  };

  const notify = (state: AppState) => {
    const words = { incoming: t('notify.incoming'), missed: t('desktop.notify.missed') };
    // A call starting to ring while do-not-disturb is on is declined here, never announced.
    const calls = state.settings.doNotDisturb
      ? Object.fromEntries(
          Object.entries(state.lines.calls).filter(([id, c]) => ringing.has(id) || !ringsHere(c)),
        )
      : state.lines.calls;
    for (const event of callNotices(ringing, calls, words)) {
      if (event.type === 'incoming') ringing.set(event.callId, calls[event.callId] as CallInfo);
      else ringing.delete(event.callId);
      desktop.callEvent(event);
    }
  };

  const onCallAction = ({ callId, action }: CallAction) => {
    const call = store.getState().lines.calls[callId];
    if (!call) return;
    if (action === 'answer' && ringsHere(call)) answerCall(services, callId);
    else if (action === 'decline' && ringsHere(call)) adapter.decline(callId);
    else if (action === 'show') {
      store.getState().showTab('phone');
      store.getState().selectLine(callId);
    }
  };

  const onHotkey = (action: HotkeyAction) => {
    const state = store.getState();
    const selected = selectSelectedCall(state);
    if (action === 'answer') {
      const call = ringsHere(selected) ? selected : selectCalls(state).find(ringsHere);
      if (call) answerCall(services, call.id);
    } else if (selected && selected.state !== 'ended') {
      if (ringsHere(selected)) adapter.decline(selected.id);
      else adapter.hangup(selected.id);
    }
  };

  const start = store.getState();
  report(start);
  desktop.setLanguage(language);
  notify(start);
  const { hotkeys } = start.settings;
  if (hotkeys.answer || hotkeys.hangUp) {
    desktop.setHotkeys(hotkeys).catch((error: unknown) => console.warn('hotkeys', error));
  }

  const stops = [
    store.subscribe((state) => {
      report(state);
      notify(state);
      if (state.settings.language !== language) {
        language = state.settings.language;
        desktop.setLanguage(language);
      }
    }),
    desktop.listen({
      onCallAction,
      onHotkey,
      onDialNumber: (number) => store.getState().dialNumber(number),
      onDoNotDisturb: (enabled) => store.getState().updateSettings({ doNotDisturb: enabled }),
      onReregister: () => adapter.reregister(),
    }),
  ];
  // After listening: a link opened before the renderer was ready. Kept even if unwired since.
  desktop
    .takePendingDial()
    .then((number) => number && store.getState().dialNumber(number))
    .catch((error: unknown) => console.warn('pending dial', error));
  return () => stops.forEach((stop) => stop());
}
