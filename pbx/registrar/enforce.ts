import { devicesOverLimit } from '../../shared/sip-number-rules';
import type { SipNumber } from '../store';
import type { BindingTable } from './bindings';

/**
 * Applies a SIP number's settings to the devices registered now, at once (SPEC §3): a
 * disabled or deleted number loses them all; with multi-terminal switched off only the
 * newest stays. Returns how many were dropped.
 */
export function enforceNumberSettings(
  bindings: BindingTable,
  sipNumber: string,
  settings: Pick<SipNumber, 'enabled' | 'multiTerminal'> | undefined,
): number {
  if (!settings?.enabled) return bindings.removeNumber(sipNumber);
  const registered = bindings.list(sipNumber).map((b) => ({ key: b.key, kind: b.deviceKind }));
  const over = devicesOverLimit(settings.multiTerminal, registered);
  for (const device of over) bindings.remove(sipNumber, device.key);
  return over.length;
}
