import { useId, useRef, useState } from 'react';
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
import { Tabs } from './Tabs';
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

/** The views as tabs (see `Tabs`); the Recent tab counts the missed calls not yet seen. */
function ViewTabs({ view, wide, onView }: { view: View; wide: boolean; onView(view: View): void }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const id = useId();
  const missed = useAppStore(selectUnseenMissed);
  const views: View[] = wide ? ['recent', 'colleagues'] : ['keypad', 'recent', 'colleagues'];
  const show = (next: View) => {
    onView(next);
    if (next === 'recent') store.getState().missedSeen();
  };
  return (
    <Tabs
      label={t('lists.label')}
      className="tabs views"
      selected={wide && view === 'keypad' ? 'recent' : view}
      onSelect={show}
      items={views.map((name) => ({
        key: name,
        id: `${id}-${name}-tab`,
        ...(name === 'recent' && missed > 0
          ? { ariaLabel: t('lists.recentMissed', { missed }) }
          : {}),
        content: (
          <>
            {t(`lists.${name}`)}
            {name === 'recent' && missed > 0 && (
              <span className="badge" aria-hidden="true">
                {missed}
              </span>
            )}
          </>
        ),
      }))}
    />
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
