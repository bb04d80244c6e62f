import { describe, expect, it } from 'vitest';
import { SipResponse } from '../sip/message';
import { selectBestResponse } from './best-response';

const response = (status: number, reason = 'X'): SipResponse => new SipResponse(status, reason);

describe('selectBestResponse', () => {
  it('prefers a 6xx over everything', () => {
    expect(selectBestResponse([response(486), response(603), response(404)])?.status).toBe(603);
  });

  it('takes the lowest class, first received within it', () => {
    const first404 = response(404, 'first');
    expect(selectBestResponse([response(500), first404, response(486), response(480)])).toBe(
      first404,
    );
  });

  it('turns a 503 into 500', () => {
    expect(selectBestResponse([response(503)])?.status).toBe(500);
  });

  it('has nothing to choose from an empty list', () => {
    expect(selectBestResponse([])).toBeUndefined();
  });
});
