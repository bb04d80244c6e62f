import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** 0-9 * #; each button is named by its key, so tests and screen readers find it. */
export function Keypad({ label, onKey }: { label?: string; onKey(key: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="keypad" role="group" aria-label={label ?? t('dialer.keypad')}>
      {KEYS.map((key) => (
        <button key={key} type="button" onClick={() => onKey(key)}>
          {key}
        </button>
      ))}
    </div>
  );
}
