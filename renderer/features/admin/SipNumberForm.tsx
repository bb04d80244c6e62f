import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallerIdMode } from '../../../shared/caller-id-modes';
import { sipNumberPatchSchema, type SipNumberView } from '../../../shared/api';
import { zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { CallerIdFields, type CallerIdDraft } from './CallerIdFields';
import { useAdminApi } from './use-admin-api';

export interface SipNumberFormProps {
  employeeId: number;
  view: SipNumberView;
  saved: boolean;
  onEdit(): void;
  onSaved(): void;
}

/** The number's device rule in words (SPEC §3 Devices). */
function deviceRule(multiTerminal: boolean, newestDeviceWins: boolean) {
  if (multiTerminal) return 'sipNumber.ruleMulti';
  return newestDeviceWins ? 'sipNumber.ruleNewestWins' : 'sipNumber.ruleSingle';
}

/** A device-rule switch, described by the rule in words below it. */
function RuleSwitch(props: {
  on: boolean;
  ruleId: string;
  onChange(on: boolean): void;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        role="switch"
        checked={props.on}
        aria-describedby={props.ruleId}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.children}
    </label>
  );
}

/**
 * Multi-terminal (off: whether the newest device wins) with its rule in words, channels and
 * caller ID; saved together.
 */
export function SipNumberForm({ employeeId, view, saved, onEdit, onSaved }: SipNumberFormProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const ruleId = useId();
  const [multiTerminal, setMultiTerminal] = useState(view.multiTerminal);
  const [newestDeviceWins, setNewestDeviceWins] = useState(view.newestDeviceWins);
  const [channels, setChannels] = useState(String(view.channels));
  const [callerId, setCallerId] = useState<CallerIdDraft>({
    mode: view.callerIdMode,
    fixed: view.fixedCallerId ?? '',
    mayChoose: view.employeeMayChooseCallerId,
  });
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors({
    channels: t('sipNumber.channelsInvalid'),
    callerIdMode: t('callerId.modeInvalid'),
    fixedCallerId: t('callerId.fixedInvalid'),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch = {
      multiTerminal,
      newestDeviceWins,
      channels: channels.trim() === '' ? Number.NaN : Number(channels),
      callerIdMode: callerId.mode as CallerIdMode,
      fixedCallerId: callerId.fixed || null,
      employeeMayChooseCallerId: callerId.mayChoose,
    };
    const local = sipNumberPatchSchema.safeParse(patch);
    if (!local.success) return errors.showProblems(zodProblems(local.error));
    setBusy(true);
    try {
      await api.updateSipNumber(employeeId, patch);
      errors.clear();
      onSaved();
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  };
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      onEdit();
    };

  return (
    <form
      className="sip-number-form"
      onSubmit={submit}
      noValidate
      aria-label={t('sipNumber.settings')}
    >
      <RuleSwitch on={multiTerminal} ruleId={ruleId} onChange={edit(setMultiTerminal)}>
        {t('sipNumber.multiTerminal')}
      </RuleSwitch>
      {!multiTerminal && (
        <RuleSwitch on={newestDeviceWins} ruleId={ruleId} onChange={edit(setNewestDeviceWins)}>
          {t('sipNumber.newestDeviceWins')}
        </RuleSwitch>
      )}
      <p id={ruleId} className="muted small">
        {t(deviceRule(multiTerminal, newestDeviceWins))}
      </p>
      <Field
        label={t('sipNumber.channels')}
        error={errors.fields.channels}
        hint={t('sipNumber.channelsHint')}
      >
        {(p) => (
          <input
            {...p}
            type="number"
            min={1}
            max={10}
            step={1}
            value={channels}
            onChange={(e) => edit(setChannels)(e.target.value)}
          />
        )}
      </Field>
      <CallerIdFields
        draft={callerId}
        errors={errors.fields}
        onChange={edit((patch: Partial<CallerIdDraft>) => setCallerId((c) => ({ ...c, ...patch })))}
      />
      <FormError message={errors.form} />
      <button type="submit" className="primary" disabled={busy}>
        {t('forms.save')}
      </button>
      {saved && <p className="muted small">{t('forms.saved')}</p>}
    </form>
  );
}
