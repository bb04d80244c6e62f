import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SipNumberView } from '../../../shared/api';
import { DestinationSwitches } from './DestinationSwitches';
import { EmployeeDevices } from './EmployeeDevices';
import { EnabledSwitch } from './EnabledSwitch';
import { RegionRules } from './RegionRules';
import { SipNumberForm } from './SipNumberForm';

export interface SipNumberCardProps {
  employeeId: number;
  view: SipNumberView;
  /** The number changed here: read the employee again. */
  onChanged(): void;
  /** The admin chose an absence period over turning the number off. */
  onOfferAbsence(): void;
}

/**
 * The SIP-number card (SPEC §2–3): on/off, channels, caller ID, international and premium-rate
 * calls, region restrictions, devices.
 */
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
        // Fresh drafts whenever the PBX's view of what the form edits changes (here or by a live
        // update); the switches that save at once leave the form's unsaved edits alone.
        key={JSON.stringify(formFields(view))}
        employeeId={employeeId}
        view={view}
        saved={saved}
        onEdit={() => setSaved(false)}
        onSaved={() => {
          setSaved(true);
          onChanged();
        }}
      />
      <DestinationSwitches
        // Switched values are shown until the PBX's view says what they are now.
        key={`${view.internationalAllowed}/${view.premiumAllowed}`}
        employeeId={employeeId}
        view={view}
        onChanged={onChanged}
      />
      <RegionRules employeeId={employeeId} />
      <EmployeeDevices employeeId={employeeId} />
    </section>
  );
}

const formFields = (view: SipNumberView) => ({
  multiTerminal: view.multiTerminal,
  newestDeviceWins: view.newestDeviceWins,
  channels: view.channels,
  callerIdMode: view.callerIdMode,
  fixedCallerId: view.fixedCallerId,
  employeeMayChooseCallerId: view.employeeMayChooseCallerId,
});
