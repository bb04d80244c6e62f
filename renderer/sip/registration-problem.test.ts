import { describe, expect, it } from 'vitest';
import { mapRegistrationProblem } from './registration-problem';

describe('mapRegistrationProblem', () => {
  it('a final 401/407 after credentials is a wrong password', () => {
    expect(mapRegistrationProblem({ cause: 'Authentication Error', status: 401 })).toBe(
      'wrong-password',
    );
    expect(mapRegistrationProblem({ cause: 'Authentication Error', status: 407 })).toBe(
      'wrong-password',
    );
  });

  it('reads the X-Pbx-Reason token of a 403', () => {
    const forbidden = (pbxReason: string) =>
      mapRegistrationProblem({ cause: 'Rejected', status: 403, pbxReason });
    expect(forbidden('number-disabled')).toBe('number-disabled');
    expect(forbidden('device-limit')).toBe('device-limit');
    expect(forbidden('auth-throttled')).toBe('auth-throttled');
    expect(forbidden('DEVICE-LIMIT ')).toBe('device-limit');
    expect(
      mapRegistrationProblem({ cause: 'Not Found', status: 404, pbxReason: 'unknown-number' }),
    ).toBe('wrong-password');
  });

  it('a refusal token that is not about registering, or none, is unknown', () => {
    expect(mapRegistrationProblem({ cause: 'Rejected', status: 403 })).toBe('unknown');
    expect(
      mapRegistrationProblem({ cause: 'Rejected', status: 403, pbxReason: 'channels-full' }),
    ).toBe('unknown');
    expect(mapRegistrationProblem({ cause: 'SIP Failure Code', status: 500 })).toBe('unknown');
  });

  it('no answer at all is an unreachable server', () => {
    expect(mapRegistrationProblem({ cause: 'Connection Error' })).toBe('server-unreachable');
    expect(mapRegistrationProblem({ cause: 'Request Timeout' })).toBe('server-unreachable');
  });
});
