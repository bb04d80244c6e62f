import type { Device } from '../../../shared/api';
import type { Services } from '../../app/services';

/**
 * "Use here instead" (SPEC §3 Devices): drops the device holding the number through the
 * employee's own API session, marked as a take-over so that device is told and stays off, then
 * registers this phone again with a new user agent. Without a holder (the list could not be read,
 * or the place is free now) it only registers. Rejects when the drop is refused.
 */
export async function takeOverPlace(
  services: Pick<Services, 'employeeApi' | 'adapter'>,
  holder: Device | undefined,
): Promise<void> {
  if (holder) await services.employeeApi.dropDevice(holder.id, { takeOver: true });
  services.adapter.restart();
}
