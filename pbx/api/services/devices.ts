import type { Device } from '../../../shared/api';
import { canonicalInstance } from '../../directory';
import type { DropReason } from '../../../shared/device-drop';
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
 * Drops one device's registration. A device that still has the password registers again at
 * its next refresh; resetting the password keeps it out. `device-removed` also revokes the
 * device credentials issued to it; `taken-over`: another device of the employee takes its place
 * ("Use here instead"), and a softphone told so stays off (SPEC §3) but keeps its credential,
 * so it can take the place back.
 */
export async function dropDevice(
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number,
  sipNumber: string,
  id: string,
  reason: Extract<DropReason, 'device-removed' | 'taken-over'> = 'device-removed',
): Promise<void> {
  const binding = deps.bindings.list(sipNumber).find((b) => deviceId(b) === id);
  if (!binding) throw ApiError.notFound(`device ${id}`);
  deps.bindings.remove(sipNumber, binding.key, reason);
  if (reason === 'taken-over') return;
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
