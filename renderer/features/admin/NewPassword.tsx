import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../forms/CopyButton';

/** A password shown this once: a read-only box labelled "New password", a copy button, a note. */
export function NewPassword({ password }: { password: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="new-password">
      <label htmlFor={id}>{t('password.label')}</label>
      <div className="inline">
        <textarea
          key={password}
          id={id}
          className="secret"
          readOnly
          rows={1}
          spellCheck={false}
          value={password}
          aria-describedby={`${id}-note`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton text={password} />
      </div>
      <p id={`${id}-note`} className="note">
        {t('password.once')}
      </p>
    </div>
  );
}
