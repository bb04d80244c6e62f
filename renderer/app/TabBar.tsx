import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Tab } from '../store';
import { useAppStore, useServices } from './services';

const TABS: Tab[] = ['phone', 'admin'];

/** The ARIA tab list: click, or arrow keys / Home / End with a roving tab stop. */
export function TabBar({ ids }: { ids: Record<Tab, string> }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const tab = useAppStore((s) => s.tab);
  const buttons = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  const go = (next: Tab) => {
    store.getState().showTab(next);
    buttons.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = TABS.indexOf(tab);
    const target: Record<string, Tab | undefined> = {
      ArrowRight: TABS[(at + 1) % TABS.length],
      ArrowLeft: TABS[(at + TABS.length - 1) % TABS.length],
      Home: TABS[0],
      End: TABS[TABS.length - 1],
    };
    const next = target[event.key];
    if (!next) return;
    event.preventDefault();
    go(next);
  };

  return (
    <div role="tablist" aria-label={t('tabs.label')} className="tabs" onKeyDown={onKeyDown}>
      {TABS.map((name) => (
        <button
          key={name}
          ref={(el) => {
            buttons.current[name] = el;
          }}
          type="button"
          role="tab"
          id={`${ids[name]}-tab`}
          aria-selected={tab === name}
          aria-controls={`${ids[name]}-panel`}
          tabIndex={tab === name ? 0 : -1}
          onClick={() => store.getState().showTab(name)}
        >
          {t(`tabs.${name}`)}
        </button>
      ))}
    </div>
  );
}
