import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Colleagues } from '../features/colleagues/Colleagues';
import { Dialer } from '../features/dialer/Dialer';
import { History } from '../features/history/History';
import { useSeenWhenInView } from '../features/history/seen-when-in-view';
import { Lines } from '../features/lines/Lines';
import { LinesPanel } from '../features/lines/LinesPanel';
import { Settings } from '../features/settings/Settings';
import { selectUnseenMissed } from '../store';
import { ScreenBoundary } from './ScreenBoundary';
import { useAppStore, useServices } from './services';
import { useMediaQuery } from './use-media-query';

type View = 'keypad' | 'recent' | 'colleagues';
/** From this width the lists sit beside the dialer instead of taking turns with it. */
export const WIDE = '(min-width: 760px)';

/**
 * Below the header: the call in progress, the settings, or the phone's views. In a narrow
 * window the keypad, recent calls and colleagues take turns (tabs, keypad first, like a desk
 * softphone); from 760 px the lists sit beside the dialer. A badge counts unseen missed calls.
 */
export function PhoneBody({ settings }: { settings: boolean }) {
  const inCall = useAppStore((s) => s.lines.order.length > 0);
  const [view, setView] = useState<View>('keypad');
  const wide = useMediaQuery(WIDE);
  const idle = !settings && !inCall;
  return (
    <div className="phone-body">
      {idle && <ViewTabs view={view} wide={wide} onView={setView} />}
      <div className="phone-main" hidden={idle && !wide && view !== 'keypad'}>
        <ScreenBoundary screen="phone">
          <LinesPanel />
        </ScreenBoundary>
        {inCall && <Lines />}
        <ScreenBoundary screen="phone">
          {settings ? (
            <Settings />
          ) : (
            idle && <Dialer keyboard onKeyboard={() => setView('keypad')} />
          )}
        </ScreenBoundary>
      </div>
      {idle && (wide || view !== 'keypad') && (
        <ListPanel list={view === 'colleagues' ? 'colleagues' : 'recent'} />
      )}
    </div>
  );
}

const tabId = (id: string, view: View) => `${id}-${view}-tab`;

/** The views as ARIA tabs; arrow keys move between them. */
function ViewTabs({ view, wide, onView }: { view: View; wide: boolean; onView(view: View): void }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const id = useId();
  const missed = useAppStore(selectUnseenMissed);
  const buttons = useRef<Partial<Record<View, HTMLButtonElement | null>>>({});
  const views: View[] = wide ? ['recent', 'colleagues'] : ['keypad', 'recent', 'colleagues'];
  const shown = wide && view === 'keypad' ? 'recent' : view;
  const show = (next: View) => {
    onView(next);
    if (next === 'recent') store.getState().missedSeen();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = views[(views.indexOf(shown) + step + views.length) % views.length]!;
    show(next);
    buttons.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={t('lists.label')} className="tabs views" onKeyDown={onKeyDown}>
      {views.map((name) => (
        <button
          key={name}
          ref={(el) => {
            buttons.current[name] = el;
          }}
          type="button"
          role="tab"
          id={tabId(id, name)}
          aria-selected={shown === name}
          tabIndex={shown === name ? 0 : -1}
          aria-label={
            name === 'recent' && missed > 0 ? t('lists.recentMissed', { missed }) : undefined
          }
          onClick={() => show(name)}
        >
          {t(`lists.${name}`)}
          {name === 'recent' && missed > 0 && (
            <span className="badge" aria-hidden="true">
              {missed}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}

/** Recent calls or colleagues; the missed calls count as seen once the newest is in view. */
function ListPanel({ list }: { list: 'recent' | 'colleagues' }) {
  const { store } = useServices();
  const missed = useAppStore(selectUnseenMissed);
  const panel = useRef<HTMLDivElement>(null);
  useSeenWhenInView(list === 'recent' ? missed : 0, panel, () => store.getState().missedSeen());
  return (
    <div ref={panel} role="tabpanel" className="phone-side">
      <ScreenBoundary screen="phone">
        {list === 'recent' ? <History /> : <Colleagues />}
      </ScreenBoundary>
    </div>
  );
}
