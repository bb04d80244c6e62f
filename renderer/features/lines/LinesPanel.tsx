import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { selectCalls, selectChannels } from '../../store';
import { switchLine } from '../call/call-actions';
import { lineSlots } from './line-slots';

type LineState = CallInfo['state'] | 'held';

const lineState = (call: CallInfo): LineState =>
  call.held && call.state === 'connected' ? 'held' : call.state;

/**
 * One entry per channel of the number (live from the API; only the lines in use when it is
 * unavailable): free, or the call on it. The shown line's details are the call screen below,
 * so its entry names only the line; another line's entry is the button that switches to it.
 */
export function LinesPanel() {
  const { t } = useTranslation();
  const services = useServices();
  const calls = useAppStore(useShallow(selectCalls));
  const channels = useAppStore(selectChannels);
  const selectedId = useAppStore((s) => s.lines.selectedId);
  const slots = lineSlots(calls, channels);
  if (slots.length === 0) return null;
  return (
    <nav className="lines-panel" aria-label={t('call.lines')}>
      <ol>
        {slots.map(({ line, call }) => {
          const name = t('call.line', { line });
          if (!call) {
            return (
              <li key={line} className="line line-free">
                {name} · {t('lines.free')}
              </li>
            );
          }
          const state = lineState(call);
          const party = call.remoteName ?? call.remoteNumber;
          const shown = call.id === selectedId;
          return (
            <li key={line} className={`line line-${state}`}>
              <button
                type="button"
                aria-pressed={shown}
                aria-label={
                  shown
                    ? t('lines.shown', { line: name, party, state: t(`lines.state.${state}`) })
                    : undefined
                }
                onClick={() => switchLine(services, call.id)}
              >
                <span className="line-dot" aria-hidden="true" />
                {shown ? name : `${name} · ${party} · ${t(`lines.state.${state}`)}`}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
