import { describe, expect, it } from 'vitest';
import { makeRequest } from '../sip/transaction/test-support';
import { removeCarrierClaims, removeDeviceIdentity } from './trusted-identity';

const CLAIMS = {
  'P-Asserted-Identity': '<sip:+78125550000@carrier.example>',
  'Remote-Party-ID': '<sip:+78125550000@carrier.example>;party=calling',
  'P-Preferred-Identity': '<sip:+78125550001@carrier.example>',
  'X-Caller-ID': '+78125550002',
  'X-Device-Kind': 'softphone-desktop',
  Privacy: 'id',
};

function withClaims(method: string) {
  const request = makeRequest(method);
  for (const [name, value] of Object.entries(CLAIMS)) request.headers.set(name, value);
  return request;
}

describe('trusted identities', () => {
  it('keeps only X-Device-Kind of what a device claims, and only on REGISTER', () => {
    const register = withClaims('REGISTER');
    removeDeviceIdentity(register);
    expect([...register.headers.entries()].map(([name]) => name)).not.toContain('x-caller-id');
    expect(register.headers.get('x-device-kind')).toBe('softphone-desktop');
    expect(register.headers.has('p-asserted-identity')).toBe(false);
    const invite = withClaims('INVITE');
    removeDeviceIdentity(invite);
    for (const name of ['p-asserted-identity', 'remote-party-id', 'p-preferred-identity']) {
      expect(invite.headers.has(name), name).toBe(false);
    }
    expect(invite.headers.has('x-device-kind')).toBe(false);
    expect(invite.headers.get('privacy')).toBe('id');
  });

  it("keeps the carrier's asserted identity and drops its wishes and private headers", () => {
    const invite = withClaims('INVITE');
    removeCarrierClaims(invite);
    expect(invite.headers.get('p-asserted-identity')).toBe(CLAIMS['P-Asserted-Identity']);
    expect(invite.headers.get('remote-party-id')).toBe(CLAIMS['Remote-Party-ID']);
    expect(invite.headers.has('p-preferred-identity')).toBe(false);
    expect(invite.headers.has('x-caller-id')).toBe(false);
  });
});
