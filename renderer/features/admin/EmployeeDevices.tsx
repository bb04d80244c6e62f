import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../../../shared/api';
import { useAppStore } from '../../app/services';
import { DeviceTable } from '../devices/DeviceTable';
import { errorSentence } from '../forms/error-text';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/** The devices registered on the employee's number right now, each with "drop"; live. */
export function EmployeeDevices({ employeeId }: { employeeId: number }) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const changes = useAppStore((s) => s.admin.changes.devices[employeeId] ?? 0);
  const devices = useResource(() => api.listDevices(employeeId), String(changes));
  const [dropping, setDropping] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string>();

  const drop = async (device: Device) => {
    setDropping((d) => new Set(d).add(device.id));
    try {
      await api.dropDevice(employeeId, device.id);
      setError(undefined);
      devices.reload();
    } catch (e) {
      setError(errorSentence(t, e));
    } finally {
      setDropping((d) => new Set([...d].filter((id) => id !== device.id)));
    }
  };

  return (
    <div className="employee-devices">
      <h4>{t('devices.title')}</h4>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {devices.error !== undefined && !devices.data && (
        <p className="error" role="alert">
          {errorSentence(t, devices.error)}
        </p>
      )}
      {devices.data && (
        <DeviceTable
          devices={devices.data}
          label={t('devices.title')}
          dropping={dropping}
          onDrop={(d) => void drop(d)}
        />
      )}
    </div>
  );
}
