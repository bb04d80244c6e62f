import type { DropReason } from '../../shared/device-drop';
import { devicesOverLimit } from '../../shared/sip-number-rules';
import type { SipNumber } from '../store';
import type { Binding, BindingTable } from './bindings';

/** What a number's devices may have now; `undefined` when the number may have none. */
export type NumberSettings = Pick<SipNumber, 'enabled' | 'multiTerminal'> &
  Partial<Pick<SipNumber, 'passwordChangedAt' | 'newestDeviceWins'>>;

/**
 * Applies a SIP number's settings to the devices registered now, at once (SPEC §3), each drop
 * with its reason (the device is told): a disabled number, or one that is gone, loses them all;
 * a device that authenticated before the password changed is dropped; with multi-terminal
 * switched off only the newest stays, and with "newest device wins" the others are dropped as
 * taken over, so they stay off instead of reconnecting to take the place in turn. Returns how
 * many were dropped.
 */
export function enforceNumberSettings(
  bindings: BindingTable,
  sipNumber: string,
  settings: NumberSettings | undefined,
  gone: DropReason = 'number-removed',
): number {
  if (!settings) return bindings.removeNumber(sipNumber, gone);
  if (!settings.enabled) return bindings.removeNumber(sipNumber, 'number-disabled');
  const changedAt = settings.passwordChangedAt ?? 0;
  const stale = bindings.list(sipNumber).filter((b) => authenticatedAt(b) < changedAt);
  for (const binding of stale) bindings.remove(sipNumber, binding.key, 'password-changed');
  const registered = bindings.list(sipNumber).map((b) => ({ key: b.key, kind: b.deviceKind }));
  const over = devicesOverLimit(settings.multiTerminal, registered);
  const overReason =
    !settings.multiTerminal && settings.newestDeviceWins ? 'taken-over' : 'device-limit';
  for (const device of over) bindings.remove(sipNumber, device.key, overReason);
  return stale.length + over.length;
}

function authenticatedAt(binding: Binding): number {
  return binding.authenticatedAt ?? binding.registeredAt;
}

/**
 * Drops the devices of a number that registered with a device credential since revoked (signed
 * out elsewhere, revoked by the API); each is told `device-removed`. Returns how many.
 */
export function dropRevokedCredentials(
  bindings: BindingTable,
  sipNumber: string,
  stillValid: (username: string) => boolean,
): number {
  const revoked = bindings
    .list(sipNumber)
    .filter((b) => b.credential !== undefined && !stillValid(b.credential));
  for (const binding of revoked) bindings.remove(sipNumber, binding.key, 'device-removed');
  return revoked.length;
}
