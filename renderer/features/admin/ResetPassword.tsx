import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmployeeDetail, PasswordResetResult } from '../../../shared/api';
import { Confirm } from '../forms/Confirm';
import { errorSentence } from '../forms/error-text';
import { NewPassword } from './NewPassword';
import { useAdminApi } from './use-admin-api';

export interface ResetPasswordProps {
  employee: EmployeeDetail;
  /** From CompanyInfo; false: the message goes to the PBX's outbox folder instead. */
  mailConfigured?: boolean;
  onReset(): void;
}

/** A new password, shown this once, optionally e-mailed to the employee in the same step. */
export function ResetPassword({ employee, mailConfigured, onReset }: ResetPasswordProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const [sendEmail, setSendEmail] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PasswordResetResult>();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const hasEmail = Boolean(employee.email);

  const reset = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      setResult(await api.resetPassword(employee.id, { sendEmail: hasEmail && sendEmail }));
      setError(undefined);
      onReset();
    } catch (e) {
      setError(errorSentence(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="reset-password">
      <label className="check">
        <input
          type="checkbox"
          checked={hasEmail && sendEmail}
          disabled={!hasEmail}
          aria-describedby={`${id}-mail`}
          onChange={(e) => setSendEmail(e.target.checked)}
        />
        {t('password.sendEmail')}
      </label>
      <p id={`${id}-mail`} className="muted small">
        {hasEmail ? t('password.sendTo', { email: employee.email }) : t('password.noEmail')}
        {mailConfigured === false && ` ${t('password.noMail')}`}
      </p>
      <button type="button" disabled={busy || confirming} onClick={() => setConfirming(true)}>
        {t('password.reset')}
      </button>
      {confirming && (
        <Confirm
          title={t('password.confirmTitle', { name: employee.name })}
          actions={[
            { label: t('password.confirmYes'), className: 'danger', onClick: () => void reset() },
            { label: t('forms.cancel'), onClick: () => setConfirming(false) },
          ]}
        >
          <p>{t('password.confirmBody', { number: employee.sipNumber?.number ?? '' })}</p>
        </Confirm>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="reset-result">
          <NewPassword password={result.password} />
          {result.mail && (
            <p>
              {t(result.mail.via === 'smtp' ? 'password.mailed' : 'password.filed', {
                email: result.mail.to,
              })}
            </p>
          )}
          <p className="muted small">{t('password.oldStops')}</p>
        </div>
      )}
    </div>
  );
}
