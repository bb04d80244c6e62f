/**
 * What a change of devices or of the directory tells the devices and the live-update sockets:
 * a dropped device hears why on its connection, a number's settings apply to its devices at
 * once, and the Admin tab's sockets re-read what another process changed.
 */
import type { ApiEventBus } from './api';
import type { Directory, Tenancy } from './directory';
import type { DialogEventServer } from './presence/dialog-events';
import type { Binding, BindingTable } from './registrar/bindings';
import { dropRevokedCredentials, enforceNumberSettings } from './registrar/enforce';
import { ConnectionFlow } from './sip/transport/connection-flow';
import type { StorageHealth } from './store';
import type { Change } from './store/store';
import { DEVICE_DROPPED_CLOSE_CODE, type DropReason } from '../shared/device-drop';

export interface DirectoryChangeDeps {
  directory: Directory;
  bindings: BindingTable;
  tenancy: Tenancy;
  storage: StorageHealth;
  presence: DialogEventServer;
  events: ApiEventBus;
  /** This process's name on the change stream: changes of others are announced. */
  origin: string;
}

/**
 * A change from anywhere (the API, the CLI, another node) applies to the devices at once:
 * suspended companies and removed numbers drop their devices, revoked device credentials
 * drop theirs. Returns the way to stop.
 */
export function applyDirectoryChanges(deps: DirectoryChangeDeps): () => void {
  const { directory, bindings, tenancy, storage, presence, events, origin } = deps;
  return directory.onUpdate(({ change, sipNumbers }) => {
    // A change was committed (here or on another node): the database writes again.
    if (change.entity !== 'all') storage.recovered();
    for (const sipNumber of sipNumbers) {
      const gone = directory.sipNumbers.get(sipNumber) ? 'company-suspended' : 'number-removed';
      enforceNumberSettings(bindings, sipNumber, tenancy.admissible(sipNumber), gone);
      if (gone === 'number-removed') presence.numberGone(sipNumber);
      dropRevokedCredentials(bindings, sipNumber, (u) => !!directory.deviceCredentials.get(u));
    }
    if (change.origin !== origin) announceExternalChange(events, change);
  });
}

/**
 * Tells a dropped device why by closing its connection with a notice (a WebSocket close frame
 * with DEVICE_DROPPED_CLOSE_CODE and the reason), unless another binding still uses it. The
 * softphone learns at once instead of at its next refresh, and JsSIP reconnects by itself.
 */
export function tellDropped(bindings: BindingTable, binding: Binding, reason: DropReason): void {
  const { flow } = binding;
  if (!(flow instanceof ConnectionFlow) || !flow.open || bindings.usesFlow(flow.id)) return;
  flow.close({ code: DEVICE_DROPPED_CLOSE_CODE, reason });
}

/** Tells live-update sockets that a number's devices changed (skipped when nobody listens). */
export function announceDevices(
  directory: Directory,
  events: ApiEventBus,
  sipNumber: string,
): void {
  if (events.idle) return;
  const number = directory.sipNumbers.get(sipNumber);
  if (number) {
    events.publish(number.companyId, {
      type: 'devices-changed',
      employeeId: number.employeeId,
      sipNumber,
    });
  }
}

/** A change another process made: the company's live-update sockets re-read what it names. */
function announceExternalChange(events: ApiEventBus, change: Change): void {
  if (events.idle || change.companyId === null) return;
  if (change.entity === 'company-number') {
    events.publish(change.companyId, { type: 'company-numbers-changed' });
  } else if (['employee', 'sip-number', 'absence', 'region-rule'].includes(change.entity)) {
    events.publish(change.companyId, { type: 'employees-changed' });
  }
}
