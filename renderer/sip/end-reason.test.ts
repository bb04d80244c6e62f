import { describe, expect, it } from 'vitest';
import { isCompletedElsewhere, mapCallEnd } from './end-reason';

describe('mapCallEnd', () => {
  it('a call we cancelled before it was answered is cancelled', () => {
    expect(mapCallEnd({ originator: 'local', cause: 'Canceled' })).toEqual({
      endReason: 'cancelled',
    });
  });

  it('a caller who gave up is cancelled; another device answering is answered-elsewhere', () => {
    expect(mapCallEnd({ originator: 'remote', cause: 'Canceled' })).toEqual({
      endReason: 'cancelled',
    });
    expect(
      mapCallEnd({
        originator: 'remote',
        cause: 'Canceled',
        reasonHeader: 'SIP;cause=200;text="Call completed elsewhere"',
      }),
    ).toEqual({ endReason: 'answered-elsewhere' });
    expect(
      mapCallEnd({ originator: 'remote', cause: 'Canceled', reasonHeader: 'SIP;cause=487' }),
    ).toEqual({ endReason: 'cancelled' });
  });

  it('a BYE is a hang-up by whoever sent it', () => {
    expect(mapCallEnd({ originator: 'remote', cause: 'Terminated' }).endReason).toBe(
      'hangup-remote',
    );
    expect(mapCallEnd({ originator: 'local', cause: 'Terminated' }).endReason).toBe('hangup-local');
  });

  it('486 and 600 are busy, 603 is declined', () => {
    expect(mapCallEnd({ originator: 'remote', cause: 'Busy', status: 486 })).toEqual({
      endReason: 'busy',
      status: 486,
    });
    expect(mapCallEnd({ originator: 'remote', cause: 'Busy', status: 600 }).endReason).toBe('busy');
    expect(mapCallEnd({ originator: 'remote', cause: 'Rejected', status: 603 })).toEqual({
      endReason: 'declined',
      status: 603,
    });
  });

  it('declining an incoming call here is declined', () => {
    expect(mapCallEnd({ originator: 'local', cause: 'Rejected' })).toEqual({
      endReason: 'declined',
    });
  });

  it('480, 408 and JsSIP no-answer are no-answer; the no-answer token keeps its refusal', () => {
    expect(mapCallEnd({ originator: 'remote', cause: 'Unavailable', status: 480 }).endReason).toBe(
      'no-answer',
    );
    expect(mapCallEnd({ originator: 'remote', cause: 'Unavailable', status: 408 }).endReason).toBe(
      'no-answer',
    );
    expect(mapCallEnd({ originator: 'local', cause: 'No Answer' }).endReason).toBe('no-answer');
    expect(
      mapCallEnd({
        originator: 'remote',
        cause: 'Unavailable',
        status: 480,
        pbxReason: 'no-answer',
      }),
    ).toEqual({ endReason: 'no-answer', refusal: 'no-answer', status: 480 });
  });

  it('any response with an X-Pbx-Reason token is a refusal with that token and status', () => {
    expect(
      mapCallEnd({
        originator: 'remote',
        cause: 'Unavailable',
        status: 480,
        pbxReason: 'employee-absent',
      }),
    ).toEqual({ endReason: 'refused', refusal: 'employee-absent', status: 480 });
    expect(
      mapCallEnd({ originator: 'remote', cause: 'Busy', status: 486, pbxReason: 'channels-full' }),
    ).toEqual({ endReason: 'refused', refusal: 'channels-full', status: 486 });
    expect(
      mapCallEnd({
        originator: 'remote',
        cause: 'Rejected',
        status: 403,
        pbxReason: ' No-Caller-ID ',
      }),
    ).toEqual({ endReason: 'refused', refusal: 'no-caller-id', status: 403 });
    expect(
      mapCallEnd({
        originator: 'remote',
        cause: 'Not Found',
        status: 404,
        pbxReason: 'unknown-number',
      }),
    ).toEqual({ endReason: 'refused', refusal: 'unknown-number', status: 404 });
  });

  it('an unknown token or anything else is a failure, with the status when there is one', () => {
    expect(
      mapCallEnd({ originator: 'remote', cause: 'Rejected', status: 403, pbxReason: 'martians' }),
    ).toEqual({ endReason: 'failed', status: 403 });
    expect(mapCallEnd({ originator: 'remote', cause: 'SIP Failure Code', status: 500 })).toEqual({
      endReason: 'failed',
      status: 500,
    });
    expect(mapCallEnd({ originator: 'system', cause: 'Connection Error' })).toEqual({
      endReason: 'failed',
      failure: 'connection',
    });
    expect(mapCallEnd({ originator: 'local', cause: 'User Denied Media Access' })).toEqual({
      endReason: 'failed',
      failure: 'microphone',
    });
    // A 200 whose SDP JsSIP could not use is no failure status: the media failed.
    expect(
      mapCallEnd({ originator: 'system', cause: 'Bad Media Description', status: 200 }),
    ).toEqual({ endReason: 'failed', failure: 'media' });
  });
});

describe('isCompletedElsewhere', () => {
  it('reads RFC 3326 cause=200 in any spacing and case', () => {
    expect(isCompletedElsewhere('SIP ;cause=200 ;text="Call completed elsewhere"')).toBe(true);
    expect(isCompletedElsewhere('sip;CAUSE=200')).toBe(true);
    expect(isCompletedElsewhere('SIP;cause=2000')).toBe(false);
    expect(isCompletedElsewhere('Q.850;cause=16')).toBe(false);
    expect(isCompletedElsewhere(undefined)).toBe(false);
  });
});
