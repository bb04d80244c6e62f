import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies a text to the clipboard and says so (or that it could not). */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<'copied' | 'failed'>();
  const copy = () => {
    const clipboard = globalThis.navigator?.clipboard;
    if (!clipboard) return setResult('failed');
    clipboard.writeText(text).then(
      () => setResult('copied'),
      () => setResult('failed'),
    );
  };
  return (
    <>
      <button type="button" onClick={copy}>
        {label ?? t('forms.copy')}
      </button>
      <span className={result === 'failed' ? 'error small' : 'muted small'} aria-live="polite">
        {result && t(result === 'copied' ? 'forms.copied' : 'forms.copyFailed')}
      </span>
    </>
  );
}
