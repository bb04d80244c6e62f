/**
 * Do-not-disturb as devices report it (issue 23 item 3). DND is a device's own setting (SPEC §3:
 * a device on DND answers 486 on its branch, the number's other devices ring on), so the PBX
 * keeps it per binding, and it goes with the binding: a device that signs out, is dropped or
 * loses its connection takes its DND with it. A number is DND when every device signed in on it
 * is: while one of them would still ring, a colleague's call gets through, so "DND" would lie.
 */
import { canonicalInstance } from '../directory/device-credentials';
import type { Binding, BindingTable } from '../registrar/bindings';

/** Told when a SIP number starts or stops being DND as a whole. */
export type DoNotDisturbWatcher = (sipNumber: string) => void;

export class DoNotDisturbTable {
  /** SIP number → the keys of its bindings that are on DND. */
  private readonly devices = new Map<string, Set<string>>();
  /** The numbers that are DND now, as last told to the watchers. */
  private readonly numbers = new Set<string>();
  private readonly watchers = new Set<DoNotDisturbWatcher>();

  constructor(private readonly bindings: Pick<BindingTable, 'list'>) {}

  /** `watcher` hears of every number that starts or stops being DND; returns the way to stop. */
  watch(watcher: DoNotDisturbWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /**
   * The device of `sipNumber` whose `+sip.instance` is `instance` turns DND on or off; false when
   * no such device is signed in (a DND with no binding would have nothing to end it).
   */
  set(sipNumber: string, instance: string, on: boolean): boolean {
    const wanted = canonicalInstance(instance);
    const binding = this.bindings
      .list(sipNumber)
      .find((b) => wanted && canonicalInstance(b.contactParams['+sip.instance']) === wanted);
    if (!binding) return false;
    const keys = this.devices.get(sipNumber) ?? new Set<string>();
    if (on) keys.add(binding.key);
    else keys.delete(binding.key);
    if (keys.size > 0) this.devices.set(sipNumber, keys);
    else this.devices.delete(sipNumber);
    this.recheck(sipNumber);
    return true;
  }

  /** Every device signed in on the number is on DND (none signed in: not DND, but offline). */
  isOn(sipNumber: string): boolean {
    const keys = this.devices.get(sipNumber);
    if (!keys) return false;
    const signedIn = this.bindings.list(sipNumber);
    return signedIn.length > 0 && signedIn.every((b) => keys.has(b.key));
  }

  /** A device signed in: the number may no longer be DND as a whole. */
  bindingAdded(binding: Binding): void {
    if (this.devices.has(binding.sipNumber)) this.recheck(binding.sipNumber);
  }

  /** A device's binding is gone, and its DND with it. */
  bindingRemoved(binding: Binding): void {
    const keys = this.devices.get(binding.sipNumber);
    if (!keys) return;
    keys.delete(binding.key);
    if (keys.size === 0) this.devices.delete(binding.sipNumber);
    this.recheck(binding.sipNumber);
  }

  private recheck(sipNumber: string): void {
    const on = this.isOn(sipNumber);
    if (on === this.numbers.has(sipNumber)) return;
    if (on) this.numbers.add(sipNumber);
    else this.numbers.delete(sipNumber);
    for (const watcher of this.watchers) watcher(sipNumber);
  }
}
