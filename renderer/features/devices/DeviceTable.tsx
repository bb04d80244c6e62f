import { useTranslation } from 'react-i18next';
import type { Device } from '../../../shared/api';

export interface DeviceTableProps {
  devices: Device[];
  /** The accessible name of the table. */
  label: string;
  onDrop(device: Device): void;
  /** Ids of devices being dropped (their button waits). */
  dropping?: ReadonlySet<string>;
}

/** The devices registered on a number right now: kind in words, program, transport, address. */
export function DeviceTable({ devices, label, onDrop, dropping }: DeviceTableProps) {
  const { t, i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  if (devices.length === 0) return <p className="muted">{t('devices.none')}</p>;
  return (
    <table className="table devices" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('devices.kind')}</th>
          <th scope="col">{t('devices.userAgent')}</th>
          <th scope="col">{t('devices.transport')}</th>
          <th scope="col">{t('devices.address')}</th>
          <th scope="col">{t('devices.since')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('devices.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => {
          const kind = t(`devices.kinds.${d.kind}`);
          return (
            <tr key={d.id}>
              <td className="device-kind">{kind}</td>
              <td data-label={t('devices.userAgent')}>{d.userAgent ?? '—'}</td>
              <td data-label={t('devices.transport')}>{d.transport.toUpperCase()}</td>
              <td data-label={t('devices.address')}>{d.address}</td>
              <td data-label={t('devices.since')}>{when.format(new Date(d.since))}</td>
              <td>
                <button
                  type="button"
                  aria-label={t('devices.dropNamed', { device: kind, address: d.address })}
                  disabled={dropping?.has(d.id)}
                  onClick={() => onDrop(d)}
                >
                  {t('devices.drop')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
