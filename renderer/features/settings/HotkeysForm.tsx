import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HotkeyResults } from '../../../shared/desktop/accelerator';
import { useServices } from '../../app/services';
import type { DesktopIntegration } from '../../host/desktop-integration';
import { checkHotkeys, HOTKEY_FIELDS, outcomeWords, type HotkeyField } from './hotkey-outcomes';

/**
 * The global shortcuts for answering and hanging up, as Electron accelerators: checked here
 * (shared/desktop/accelerator.ts), then registered by main, which may find one in use; each
 * refused one says why under its field. What was accepted is kept for the next start.
 */
export function HotkeysForm({ desktop }: { desktop: DesktopIntegration }) {
  const { t } = useTranslation();
  const id = useId();
  const { store } = useServices();
  const [typed, setTyped] = useState(() => {
    const { answer = '', hangUp = '' } = store.getState().settings.hotkeys;
    return { answer, hangUp };
  });
  const [results, setResults] = useState<HotkeyResults>();

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkHotkeys(typed);
    if (!checked.ok) return setResults(checked.results);
    store.getState().updateSettings({ hotkeys: checked.settings });
    setTyped({ answer: checked.settings.answer ?? '', hangUp: checked.settings.hangUp ?? '' });
    try {
      setResults(await desktop.setHotkeys(checked.settings));
    } catch (error) {
      console.warn('hotkeys', error);
    }
  };
  const edit = (field: HotkeyField, value: string) => {
    setTyped({ ...typed, [field]: value });
    setResults(undefined);
  };

  return (
    <form className="hotkeys" onSubmit={(e) => void apply(e)} noValidate>
      <h3>{t('desktop.app.hotkeys')}</h3>
      <p className="muted small">{t('desktop.app.hotkeysHelp')}</p>
      {HOTKEY_FIELDS.map((field) => {
        const outcome = results?.[field];
        const words = outcomeWords(outcome);
        const refused = outcome?.status === 'refused';
        return (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{t(`desktop.app.${field}`)}</label>
            <input
              id={`${id}-${field}`}
              value={typed[field]}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={refused ? true : undefined}
              aria-describedby={words ? `${id}-${field}-outcome` : undefined}
              onChange={(e) => edit(field, e.target.value)}
            />
            {words && (
              <p
                id={`${id}-${field}-outcome`}
                className={refused ? 'error' : 'muted small'}
                role={refused ? 'alert' : undefined}
              >
                {t(words.key, words.values)}
              </p>
            )}
          </div>
        );
      })}
      <button type="submit">{t('desktop.app.apply')}</button>
    </form>
  );
}
