import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';

/** Do not disturb on this device: calls are declined here and ring on the number's others. */
export function DoNotDisturbSwitch() {
  const { t } = useTranslation();
  const id = useId();
  const { store } = useServices();
  const on = useAppStore((s) => s.settings.doNotDisturb);
  return (
    <section className="settings-section" aria-label={t('desktop.dnd.on')}>
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          aria-describedby={`${id}-help`}
          onChange={(e) => store.getState().updateSettings({ doNotDisturb: e.target.checked })}
        />
        {t('desktop.dnd.label')}
      </label>
      <p id={`${id}-help`} className="muted small">
        {t('desktop.dnd.help')}
      </p>
    </section>
  );
}
