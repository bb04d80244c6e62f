import { useTranslation } from 'react-i18next';
import type { Tab } from '../store';
import { useAppStore, useServices } from './services';
import { Tabs } from './Tabs';

const TABS: Tab[] = ['phone', 'admin'];

/** The Phone and Admin tabs. */
export function TabBar({ ids }: { ids: Record<Tab, string> }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const tab = useAppStore((s) => s.tab);
  return (
    <Tabs
      label={t('tabs.label')}
      selected={tab}
      onSelect={(next) => store.getState().showTab(next)}
      items={TABS.map((name) => ({
        key: name,
        id: `${ids[name]}-tab`,
        controls: `${ids[name]}-panel`,
        content: t(`tabs.${name}`),
      }))}
    />
  );
}
