import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../../../shared/api';
import { useServices } from '../../app/services';
import { DeviceTable } from '../devices/DeviceTable';
import { Confirm } from '../forms/Confirm';
import { errorSentence } from '../forms/error-text';

/**
 * The employee's devices right now, each with "drop". A device of this softphone's own kind
 * may be this very one, so dropping it asks first.
 */
export function MyDevices({ devices }: { devices: Device[] }) {
  const { t } = useTranslation();
  const { employeeApi, host } = useServices();
  const [asking, setAsking] = useState<Device>();
  const [error, setError] = useState<string>();

  const drop = async (device: Device) => {
    setAsking(undefined);
    try {
      await employeeApi.dropDevice(device.id);
      setError(undefined);
    } catch (e) {
      setError(errorSentence(t, e));
    }
  };

  return (
    <div className="my-devices">
      <h3>{t('myNumber.devices')}</h3>
      {asking && (
        <Confirm
          title={t('myNumber.dropSelfTitle')}
          actions={[
            {
              label: t('myNumber.dropSelfYes'),
              className: 'danger',
              onClick: () => void drop(asking),
            },
            { label: t('forms.cancel'), onClick: () => setAsking(undefined) },
          ]}
        >
          <p>{t('myNumber.dropSelf')}</p>
        </Confirm>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <DeviceTable
        devices={devices}
        label={t('myNumber.devices')}
        onDrop={(d) => (d.kind === host.deviceKind ? setAsking(d) : void drop(d))}
      />
    </div>
  );
}
