import { ownString, ownStrings, sharedString } from '../sip/own-string';
import type { SipUri } from '../sip/uri';
import { DEVICE_KIND_HEADER, registeredDeviceKind } from '../../shared/devices';
import { formatUri } from '../sip/uri';
import { formatNameAddr, type NameAddr } from '../sip/headers';
import { copyDictionary, type Dictionary } from '../sip/dictionary';
import type { SipRequest, SipResponse } from '../sip/message';
import { refusal } from '../sip/sip-error';
import {
  admitDevice,
  reconnectedDevice,
  restartedDevice,
  type DeviceIdentity,
} from '../../shared/sip-number-rules';
import type { Flow } from '../sip/transport/flow';
import { createResponse } from '../sip/transaction';
import type { Binding, BindingTable } from './bindings';

export interface RegistrarOptions {
  bindings: BindingTable;
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
  now?: () => number;
}

/**
 * REGISTER handling (RFC 3261 §10.3) for an authenticated SIP number: adds, refreshes and
 * removes bindings and answers with every current binding of the number.
 */
export class Registrar {
  private readonly minExpires: number;
  private readonly maxExpires: number;
  private readonly defaultExpires: number;
  private readonly now: () => number;

  constructor(private readonly options: RegistrarOptions) {
    this.minExpires = options.minExpires ?? 60;
    this.maxExpires = options.maxExpires ?? 3600;
    this.defaultExpires = options.defaultExpires ?? 3600;
    this.now = options.now ?? Date.now;
  }

  /**
   * Applies a REGISTER of a SIP number (already authenticated) received on `flow`. A device
   * the number's rules do not admit (SPEC §3 multi-terminal) is refused and changes nothing;
   * with "newest device wins" on a one-device number, it takes the place instead.
   */
  register(
    request: SipRequest,
    account: { number: string; multiTerminal: boolean; newestDeviceWins?: boolean },
    flow: Flow,
    /** New devices the company's quota still allows (tenancy: device-quota). */
    deviceRoom = Infinity,
    /** The device credential it authenticated with, when not the number's password. */
    credential?: string,
  ): SipResponse {
    const sipNumber = account.number;
    const contacts = request.contacts;
    if (!contacts) throw refusal('badRequest', 'Bad Contact');
    if (request.headers.has('expires') && request.expires === undefined) {
      throw refusal('badRequest', 'Bad Expires');
    }
    const headerExpires = request.expires;
    const bindings = this.options.bindings;

    if (contacts.includes('*')) {
      if (contacts.length !== 1 || headerExpires !== 0) {
        throw refusal('badRequest', 'Invalid Wildcard Contact');
      }
      bindings.removeNumber(sipNumber);
      return this.answer(request, sipNumber, false);
    }

    const callId = request.callId;
    const cseq = request.cseq?.seq ?? 0;
    const now = this.now();
    const changes: (() => void)[] = [];
    // The devices the number will have, as each contact is applied.
    let devices: DeviceIdentity[] = bindings.list(sipNumber, now).map(identityOf);
    const userAgent = request.headers.get('user-agent');
    const kind = registeredDeviceKind(request.headers.get(DEVICE_KIND_HEADER), flow.protocol);
    let added = 0;
    for (const contact of contacts as readonly NameAddr[]) {
      const expires = readExpires(contact.params.expires) ?? headerExpires ?? this.defaultExpires;
      const key = bindingKey(contact);
      const existing = bindings.find(sipNumber, key);
      if (existing && existing.callId === callId && existing.cseq >= cseq) {
        throw refusal('outOfOrder');
      }
      if (expires === 0) {
        changes.push(() => bindings.remove(sipNumber, key));
        devices = devices.filter((d) => d.key !== key);
        continue;
      }
      if (expires < this.minExpires) {
        throw refusal('intervalTooBrief', undefined, { 'Min-Expires': String(this.minExpires) });
      }
      const candidate: DeviceIdentity = {
        key,
        kind,
        instance: contact.params['+sip.instance'] ?? undefined,
        address: flow.remoteAddress,
        userAgent,
      };
      // A phone that reconnected or restarted under a new Contact replaces its own binding
      // (SPEC §3).
      const restarted =
        reconnectedDevice(devices, candidate) ??
        (admitDevice(account.multiTerminal, devices, candidate) === 'deviceInUse'
          ? restartedDevice(devices, candidate)
          : undefined);
      if (restarted) {
        changes.push(() => bindings.remove(sipNumber, restarted.key));
        devices = devices.filter((d) => d !== restarted);
      }
      let admitted = admitDevice(account.multiTerminal, devices, candidate);
      const takesOver =
        admitted === 'deviceInUse' &&
        account.newestDeviceWins === true &&
        !bindings.takenOver.heldBack(sipNumber, callId, now);
      if (takesOver) {
        // Newest device wins (SPEC §3): the device holding the number is dropped and told so.
        for (const held of devices)
          changes.push(() => bindings.remove(sipNumber, held.key, 'taken-over'));
        devices = [];
        admitted = 'ok';
      }
      if (admitted !== 'ok') throw refusal(admitted);
      if (!devices.some((d) => d.key === key)) {
        if (!existing && !restarted && !takesOver && ++added > deviceRoom) {
          throw refusal('deviceQuota');
        }
        devices.push(candidate);
      }
      // A binding outlives its REGISTER: copy what it keeps, so it does not hold the whole
      // message text alive through the substrings V8 slices out of it.
      const binding: Binding = {
        key: ownString(key),
        // The store's own string (a cached row's), shared rather than copied.
        sipNumber,
        contact: ownContactUri(contact.uri, sipNumber),
        contactParams: ownStrings(withoutExpires(contact.params)),
        userAgent: userAgent === undefined ? undefined : sharedString(userAgent),
        callId: ownString(callId),
        flow,
        ...(outlivesFlow(flow, contact) ? { outlivesFlow: true } : {}),
        deviceKind: kind,
        ...(credential === undefined ? {} : { credential }),
        cseq,
        registeredAt: existing?.registeredAt ?? now,
        authenticatedAt: now,
        expiresAt: now + Math.min(expires, this.maxExpires) * 1000,
      };
      changes.push(() => bindings.put(binding));
    }
    // Every contact is checked before any change is made: a refused REGISTER changes nothing.
    for (const change of changes) change();
    const outbound = contacts.some((contact) => contact !== '*' && 'reg-id' in contact.params);
    return this.answer(request, sipNumber, outbound);
  }

  /** The 200 with every binding of the number; `outbound`: RFC 5626 was used (reg-id). */
  private answer(request: SipRequest, sipNumber: string, outbound: boolean): SipResponse {
    const response = createResponse(request, 200, 'OK');
    const now = this.now();
    for (const binding of this.options.bindings.list(sipNumber, now)) {
      const seconds = Math.max(0, Math.round((binding.expiresAt - now) / 1000));
      response.headers.append('contact', formatContact(binding, seconds));
    }
    if (outbound) response.headers.set('require', 'outbound');
    return response;
  }
}

/**
 * A binding over TCP/TLS without RFC 5626 outbound (`reg-id`, or `ob` on the Contact URI)
 * survives its connection: RFC 3261 §18 has the registrar reach such a phone at its Contact.
 */
function outlivesFlow(flow: Flow, contact: NameAddr): boolean {
  if (flow.protocol !== 'tcp' && flow.protocol !== 'tls') return false;
  return !('reg-id' in contact.params) && !('ob' in contact.uri.params);
}

/** What the number rules need to know of a registered device. */
function identityOf(binding: Binding): DeviceIdentity {
  return {
    key: binding.key,
    kind: binding.deviceKind,
    instance: binding.contactParams['+sip.instance'] ?? undefined,
    address: binding.flow.remoteAddress,
    userAgent: binding.userAgent,
    connectionClosed: binding.outlivesFlow === true && !binding.flow.open,
  };
}

/** An `expires` Contact parameter (RFC 3261 §10.2.1.1). */
function readExpires(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = Number(value.trim());
  if (!Number.isInteger(seconds) || seconds < 0) throw refusal('badRequest', 'Bad Expires');
  return seconds;
}

function bindingKey(contact: NameAddr): string {
  const instance = contact.params['+sip.instance'];
  if (instance) return `${instance}|${contact.params['reg-id'] ?? ''}`;
  return formatUri(contact.uri);
}

/**
 * The Contact URI, copied; scheme and host shared with other bindings (few distinct ones), and
 * the user part, most often the SIP number itself, shared with the binding.
 */
function ownContactUri(uri: SipUri, sipNumber: string): SipUri {
  return {
    ...ownStrings(uri),
    scheme: sharedString(uri.scheme) as SipUri['scheme'],
    host: sharedString(uri.host),
    ...(uri.user === sipNumber ? { user: sipNumber } : {}),
  };
}

function withoutExpires(params: Readonly<Dictionary<string | null>>): Dictionary<string | null> {
  const copy = copyDictionary(params);
  delete copy.expires;
  return copy;
}

function formatContact(binding: Binding, seconds: number): string {
  const params = copyDictionary(binding.contactParams);
  params.expires = String(seconds);
  return formatNameAddr({ uri: binding.contact, params });
}

/** The AOR user of a REGISTER: the To header's URI user. */
export function registerTarget(request: SipRequest): string | undefined {
  return request.to?.uri.user;
}
