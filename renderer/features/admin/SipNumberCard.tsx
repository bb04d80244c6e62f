import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SipNumberView } from '../../../shared/api';
import { EmployeeDevices } from './EmployeeDevices';
import { EnabledSwitch } from './EnabledSwitch';
import { SipNumberForm } from './SipNumberForm';

export interface SipNumberCardProps {
  employeeId: number;
  view: SipNumberView;
  /** The number changed here: read the employee again. */
  onChanged(): void;
  /** The admin chose an absence period over turning the number off. */
  onOfferAbsence(): void;
}

/** The SIP-number card (SPEC §2): on/off, devices, channels, caller ID. */
export function SipNumberCard({ employeeId, view, onChanged, onOfferAbsence }: SipNumberCardProps) {
  const { t } = useTranslation();
  const id = useId();
  const [saved, setSaved] = useState(false);
  return (
    <section className="sip-number-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('sipNumber.title', { number: view.number })}</h3>
      <EnabledSwitch
        employeeId={employeeId}
        enabled={view.enabled}
        onChanged={onChanged}
        onOfferAbsence={onOfferAbsence}
      />
      <SipNumberForm
        // Fresh drafts whenever the PBX's view changes (here or by a live update).
        key={JSON.stringify(view)}
        employeeId={employeeId}
        view={view}
        saved={saved}
        onEdit={() => setSaved(false)}
        onSaved={() => {
          setSaved(true);
          onChanged();
        }}
      />
      <EmployeeDevices employeeId={employeeId} />
    </section>
  );
}
