import { randomBytes } from 'node:crypto';
import { DEVICE_USERNAME_PATTERN } from '../../shared/api/device-credentials';
import type { CompanyStore, DeviceCredential } from '../store';
import { computeHa1, computeHa1Sha256, ha1Matches } from './ha1';

/** How many device credentials a SIP number keeps; issuing one more revokes the oldest. */
export const MAX_DEVICE_CREDENTIALS = 10;

/** The SIP number a device user name belongs to, or undefined for any other user name. */
export function numberOfDeviceUsername(username: string): string | undefined {
  return DEVICE_USERNAME_PATTERN.exec(username)?.[1];
}

/**
 * A `+sip.instance` as the PBX compares it: `"<urn:uuid:X>"` (a Contact parameter), `urn:uuid:X`
 * or X alike, lower-cased.
 */
export function canonicalInstance(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const bare = value
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .replace(/^<(.*)>$/, '$1')
    .replace(/^urn:uuid:/i, '')
    .toLowerCase();
  return bare === '' ? undefined : bare;
}

/**
 * Issues a device credential for one device (`instance`) of a SIP number: 256 random bits the
 * device keeps, of which the store gets only the HA1s. A credential the device had is replaced;
 * past `MAX_DEVICE_CREDENTIALS` the oldest is revoked. The secret is returned once.
 */
export async function issueDeviceCredential(
  company: CompanyStore,
  realm: string,
  sipNumber: string,
  instance: string,
): Promise<{ credential: DeviceCredential; secret: string }> {
  const device = canonicalInstance(instance);
  if (!device) throw new RangeError('a device credential needs the device instance');
  const username = `${sipNumber}.${randomBytes(10).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  return company.withTransaction(async (tx) => {
    await tx.deviceCredentials.removeByInstance(sipNumber, device);
    const kept = await tx.deviceCredentials.listByNumber(sipNumber);
    for (const old of kept.slice(0, Math.max(0, kept.length - MAX_DEVICE_CREDENTIALS + 1))) {
      await tx.deviceCredentials.remove(sipNumber, old.username);
    }
    const credential = await tx.deviceCredentials.create({
      username,
      sipNumber,
      instance: device,
      ha1: computeHa1(username, realm, secret),
      ha1Sha256: computeHa1Sha256(username, realm, secret),
    });
    return { credential, secret };
  });
}

/** True when `secret` is the one the credential was issued with (compared in constant time). */
export function deviceSecretMatches(
  credential: Pick<DeviceCredential, 'username' | 'ha1'> | undefined,
  realm: string,
  secret: string,
): boolean {
  return ha1Matches(credential?.ha1, credential?.username ?? '', realm, secret);
}
