import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SipError } from '../sip-error';
import type { DialogEnd } from './dialog';
import { ANSWER, dialogBed, recordingGuard, sdp } from './test-peer';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** The far end's INVITE, answered by the PBX's UAS with a 200 and an SDP answer. */
function answered(protocol: 'udp' | 'tcp' = 'udp', headers: string[] = []) {
  const bed = dialogBed(protocol);
  const { guard, faults } = recordingGuard();
  bed.peer.invite({ headers });
  const uas = bed.layer.createUas(bed.inviteTx(), { contact: '<sip:b2b-x@192.0.2.1>', guard });
  const dialog = uas.accept({ body: sdp(ANSWER), sessionTimer: true });
  const ends: DialogEnd[] = [];
  dialog.on('destroy', (end) => ends.push(end));
  return { ...bed, uas, dialog, ends, faults, ok: bed.responses(200, 'INVITE')[0]! };
}

describe('UAS: the 2xx until the ACK (RFC 3261 §13.3.1.4)', () => {
  it('repeats its 200 over UDP at T1, 2·T1, 4·T1… capped at T2, and stops at the ACK', () => {
    const { flow, responses, peer, ok, dialog } = answered();
    const acks: unknown[] = [];
    dialog.on('ack', (ack) => acks.push(ack));
    const start = Date.now();
    vi.advanceTimersByTime(16_000);
    const times = flow.sent
      .filter((s) => s.message.type === 'response' && s.message.status === 200)
      .map((s) => s.at - start);
    // 0, then T1 (500 ms) doubling to T2 (4 s): 500, 1500, 3500, 7500, 11500, 15500.
    expect(times).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500]);
    expect(ok.body.toString()).toBe(ANSWER);
    expect(ok.headers.get('contact')).toBe('<sip:b2b-x@192.0.2.1>');
    peer.inDialog(ok, 'ACK');
    expect(acks).toHaveLength(1);
    const count = responses(200, 'INVITE').length;
    vi.advanceTimersByTime(40_000);
    expect(responses(200, 'INVITE')).toHaveLength(count);
  });

  it('gives up after 64·T1 without an ACK: BYE in the dialog, and destroy (ack-timeout)', () => {
    const { requests, ends, ok, layer } = answered();
    vi.advanceTimersByTime(31_999);
    expect(requests('BYE')).toEqual([]);
    vi.advanceTimersByTime(1);
    const [bye] = requests('BYE');
    expect(bye?.headers.get('call-id')).toBe('call-1');
    expect(bye?.headers.get('from')).toBe(ok.headers.get('to'));
    expect(bye?.headers.get('to')).toBe('<sip:alice@example.com>;tag=peer1');
    expect(bye?.uri.user).toBe('alice');
    expect(ends).toEqual([{ reason: 'ack-timeout' }]);
    expect(layer.size).toBe(0);
  });

  it('over a reliable transport the 200 goes once, and the give-up still applies', () => {
    const { responses, requests, ends } = answered('tcp');
    vi.advanceTimersByTime(20_000);
    expect(responses(200, 'INVITE')).toHaveLength(1);
    vi.advanceTimersByTime(12_000);
    expect(requests('BYE')).toHaveLength(1);
    expect(ends.map((e) => e.reason)).toEqual(['ack-timeout']);
  });
});

describe('UAS: before the answer', () => {
  it('provisional responses carry the Contact; a refusal is the SipError as a response', () => {
    const bed = dialogBed();
    bed.peer.invite();
    const uas = bed.layer.createUas(bed.inviteTx(), {
      contact: '<sip:b2b-x@192.0.2.1>',
      guard: recordingGuard().guard,
    });
    uas.progress(183, 'Session Progress', { body: sdp(ANSWER) });
    uas.reject(new SipError(486, 'Busy Here', 'channels-full', { 'X-Caller-ID': '+7812' }));
    const [progress] = bed.responses(183);
    expect(progress?.headers.get('contact')).toBe('<sip:b2b-x@192.0.2.1>');
    expect(progress?.body.toString()).toBe(ANSWER);
    const [busy] = bed.responses(486);
    expect(busy?.headers.get('x-pbx-reason')).toBe('channels-full');
    expect(busy?.headers.get('x-caller-id')).toBe('+7812');
    expect(busy?.toTag).toBe(progress?.toTag);
  });

  it('a CANCEL is heard by the owner, and the INVITE gets 487 unless the owner answered', () => {
    const bed = dialogBed();
    const invite = bed.peer.invite();
    const uas = bed.layer.createUas(bed.inviteTx(), {
      contact: '<sip:b2b-x@192.0.2.1>',
      guard: recordingGuard().guard,
    });
    let heard = 0;
    uas.on('cancel', () => heard++);
    bed.peer.send([
      'CANCEL sip:pbx@192.0.2.1 SIP/2.0',
      invite.headers.getAll('via').map((v) => `Via: ${v}`)[0]!,
      'Max-Forwards: 70',
      `From: ${invite.headers.get('from')}`,
      `To: ${invite.headers.get('to')}`,
      'Call-ID: call-1',
      'CSeq: 1 CANCEL',
    ]);
    expect(heard).toBe(1);
    expect(uas.cancelled).toBe(true);
    expect(bed.responses(487, 'INVITE')).toHaveLength(1);
  });

  it('the 2xx confirms the session interval the INVITE asked for (RFC 4028)', () => {
    const { ok } = answered('udp', ['Session-Expires: 90', 'Supported: timer']);
    expect(ok.headers.get('session-expires')).toBe('90;refresher=uac');
    expect(ok.headers.get('require')).toBe('timer');
  });
});
