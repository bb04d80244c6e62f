import type { Device } from '../../../shared/api';
import { hasStatus } from '../../api';
import type { Services } from '../../app/services';

/**
 * "Use here instead" (SPEC §3 Devices): drops the device holding the number through the
 * employee's own API session, marked as a take-over so that device is told and stays off, then
 * registers this phone again with a new user agent. Without a holder (the list could not be read,
 * or the place is free now), or when it is gone already, it only registers. Rejects when the
 * drop is refused.
 */
export async function takeOverPlace(
  services: Pick<Services, 'employeeApi' | 'adapter'>,
  holder: Device | undefined,
): Promise<void> {
  if (holder) {
    try {
      await services.employeeApi.dropDevice(holder.id, { takeOver: true });
    } catch (error) {
      // Gone already (it left, or the list was a moment old): the place may be free now.
      if (!hasStatus(error, 404)) throw error;
    }
  }
  services.adapter.restart();
}
