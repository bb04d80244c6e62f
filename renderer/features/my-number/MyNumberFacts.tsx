import { useTranslation } from 'react-i18next';
import type { MyNumber } from '../../../shared/api';

/** Channels, the device rule, the caller-ID mode and the absence in force, in sentences. */
export function MyNumberFacts({ number }: { number: MyNumber }) {
  const { t, i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const { absence, callerId } = number;
  return (
    <div className="facts">
      {!number.enabled && <p className="error">{t('myNumber.disabled')}</p>}
      <p>{t('myNumber.channels', { channels: number.channels })}</p>
      <p>{t(number.multiTerminal ? 'myNumber.multi' : 'myNumber.single')}</p>
      <p>
        {t('myNumber.callerIdMode', { mode: t(`callerId.modes.${callerId.mode}`) })}{' '}
        <span className="muted">{t(`callerId.explain.${callerId.mode}`)}</span>
      </p>
      {absence && (
        <p>
          {t('myNumber.absent', {
            from: when.format(new Date(absence.from)),
            to: when.format(new Date(absence.to)),
          })}{' '}
          {absence.reason && `(${absence.reason}) `}
          {absence.forwardTo
            ? t('myNumber.absentForward', { name: absence.forwardTo.name })
            : t('myNumber.absentNoForward')}
        </p>
      )}
    </div>
  );
}
