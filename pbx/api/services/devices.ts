import type { Device } from '../../../shared/api';
import { canonicalInstance } from '../../directory';
import type { CompanyDeps } from '../deps';
import { ApiError } from '../errors';
import type { SessionContext } from '../sessions';
import { deviceId, deviceView } from '../views';
import { audit } from './audit';

/** The devices registered on a SIP number right now, oldest first. */
export function listDevices(deps: Pick<CompanyDeps, 'bindings'>, sipNumber: string): Device[] {
  return deps.bindings.list(sipNumber).map(deviceView);
}

/**
 * Drops one device's registration and revokes the device credentials issued to it. A device
 * that still has the password registers again at its next refresh; resetting the password
 * keeps it out.
 */
export async function dropDevice(
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number,
  sipNumber: string,
  id: string,
): Promise<void> {
  const binding = deps.bindings.list(sipNumber).find((b) => deviceId(b) === id);
  if (!binding) throw ApiError.notFound(`device ${id}`);
  deps.bindings.remove(sipNumber, binding.key, 'device-removed');
  // The device's own credential ends with it: a browser kept signed in must sign in again.
  const instance = canonicalInstance(binding.contactParams['+sip.instance']);
  if (instance) await deps.company.deviceCredentials.removeByInstance(sipNumber, instance);
  if (by.role === 'admin') {
    await audit(
      deps,
      by,
      'device.drop',
      `employee ${employeeId} (${sipNumber})`,
      deviceView(binding),
      null,
    );
  }
}
