import { describe, expect, it } from 'vitest';
import type { SipRequest } from '../sip/message';
import { parseMessage } from '../sip/parser';
import { SipError } from '../sip/sip-error';
import { acceptedSubscription } from './subscribe-request';

function subscribe(headers: string[]): SipRequest {
  const text = [
    'SUBSCRIBE sip:0123456@pbx.test SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc',
    'From: <sip:0765432@pbx.test>;tag=1',
    'To: <sip:0123456@pbx.test>',
    'Call-ID: sub-1',
    'CSeq: 1 SUBSCRIBE',
    'Contact: <sip:0765432@127.0.0.1:5070>',
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const message = parseMessage(Buffer.from(text));
  if (message.type !== 'request') throw new Error('not a request');
  return message;
}

function refusalOf(headers: string[]) {
  try {
    acceptedSubscription(subscribe(headers));
  } catch (error) {
    if (!(error instanceof SipError)) throw error;
    return { status: error.status, reason: error.reason, headers: error.headers };
  }
  throw new Error('accepted');
}

describe('what a SUBSCRIBE for the dialog package must say', () => {
  it('accepts Event: dialog, granting what it asks up to an hour', () => {
    expect(acceptedSubscription(subscribe(['Event: dialog', 'Expires: 600']))).toEqual({
      expires: 600,
      event: 'dialog',
    });
    expect(acceptedSubscription(subscribe(['Event: Dialog', 'Expires: 86400'])).expires).toBe(3600);
    expect(acceptedSubscription(subscribe(['o: dialog'])).expires).toBe(3600);
    expect(acceptedSubscription(subscribe(['Event: dialog;id=7', 'Expires: 0']))).toEqual({
      expires: 0,
      event: 'dialog;id=7',
    });
  });

  it('another package: 489 Bad Event with Allow-Events: dialog', () => {
    expect(refusalOf(['Event: presence'])).toMatchObject({
      status: 489,
      reason: 'Bad Event',
      headers: { 'Allow-Events': 'dialog' },
    });
  });

  it('a missing or malformed Event, a malformed Expires: 400 naming the header', () => {
    expect(refusalOf([])).toMatchObject({ status: 400, reason: 'Missing Event Header' });
    expect(refusalOf(['Event: dia log'])).toMatchObject({
      status: 400,
      reason: 'Bad Event Header',
    });
    expect(refusalOf(['Event: dialog;'])).toMatchObject({
      status: 400,
      reason: 'Bad Event Header',
    });
    expect(refusalOf(['Event: dialog;id="a b"'])).toMatchObject({
      status: 400,
      reason: 'Bad Event Header',
    });
    for (const expires of ['soon', '-1', '1.5', '99999999999']) {
      expect(refusalOf(['Event: dialog', `Expires: ${expires}`])).toMatchObject({
        status: 400,
        reason: 'Bad Expires Header',
      });
    }
  });

  it('too short a subscription: 423 with Min-Expires', () => {
    expect(refusalOf(['Event: dialog', 'Expires: 5'])).toMatchObject({
      status: 423,
      headers: { 'Min-Expires': '60' },
    });
  });
});
