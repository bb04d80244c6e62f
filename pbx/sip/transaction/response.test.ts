import { describe, expect, it } from 'vitest';
import { createResponse } from './response';
import { makeRequest } from './test-support';

describe('createResponse', () => {
  it('copies Via (every value), From, To, Call-ID and CSeq, with an empty body', () => {
    const request = makeRequest('INVITE', { extraVia: true });
    request.headers.set('Timestamp', '54');
    const response = createResponse(request, 100, 'Trying');
    expect(response).toMatchObject({ type: 'response', status: 100, reason: 'Trying' });
    expect(response.headers.getAll('via')).toEqual(request.headers.getAll('via'));
    expect(response.headers.getAll('via')).toHaveLength(2);
    for (const name of ['from', 'to', 'call-id', 'cseq']) {
      expect(response.headers.get(name)).toBe(request.headers.get(name));
    }
    expect(response.headers.get('timestamp')).toBe('54');
    expect(response.headers.has('max-forwards')).toBe(false);
    expect(response.body.length).toBe(0);
  });

  it('adds one To tag per request above 100, the same for 180 and 486', () => {
    const request = makeRequest('INVITE');
    const ringing = createResponse(request, 180, 'Ringing').headers.get('to');
    const busy = createResponse(request, 486, 'Busy Here').headers.get('to');
    expect(ringing).toMatch(/^<sip:bob@example\.com>;tag=[0-9A-Za-z]+$/);
    expect(busy).toBe(ringing);
    const other = createResponse(makeRequest('INVITE'), 180, 'Ringing').headers.get('to');
    expect(other).not.toBe(ringing);
  });

  it('keeps an existing To tag and does not mistake a URI parameter for one', () => {
    const tagged = makeRequest('BYE', { toTag: 'abc' });
    expect(createResponse(tagged, 200, 'OK').headers.get('to')).toBe(
      '<sip:bob@example.com>;tag=abc',
    );
    const uriParam = makeRequest('INVITE');
    uriParam.headers.set('to', '<sip:bob@example.com;tag=inside>');
    expect(createResponse(uriParam, 200, 'OK').headers.get('to')).toMatch(
      /^<sip:bob@example\.com;tag=inside>;tag=[0-9A-Za-z]+$/,
    );
  });
});
