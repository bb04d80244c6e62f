import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SipResponse } from '../message';
import { refusal } from '../sip-error';
import { dictionary } from '../dictionary';
import type { Dialog, DialogEnd } from './dialog';
import type { IncomingRequest } from './incoming';
import { ANSWER, dialogBed, OFFER, recordingGuard, sdp } from './test-peer';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const HOLD = OFFER.replace(
  'm=audio 4000 RTP/AVP 8\r\n',
  'm=audio 4000 RTP/AVP 8\r\na=sendonly\r\n',
);

function watch(dialog: Dialog) {
  const seen = {
    ends: [] as DialogEnd[],
    refreshes: [] as number[],
    offers: [] as IncomingRequest[],
  };
  dialog.on('destroy', (end) => seen.ends.push(end));
  dialog.on('refresh', (seconds) => seen.refreshes.push(seconds));
  dialog.on('modify', (incoming) => seen.offers.push(incoming));
  return seen;
}

/** A dialog in which the PBX is the UAS (it answered the far end's INVITE), ACKed. */
function uasDialog(inviteHeaders: string[] = []) {
  const bed = dialogBed();
  const { guard, faults } = recordingGuard();
  bed.peer.invite({ headers: inviteHeaders });
  const uas = bed.layer.createUas(bed.inviteTx(), { contact: '<sip:b2b-x@192.0.2.1>', guard });
  const dialog = uas.accept({ body: sdp(ANSWER), sessionTimer: true });
  const ok = bed.responses(200, 'INVITE')[0]!;
  bed.peer.inDialog(ok, 'ACK');
  return { ...bed, dialog, ok, faults, seen: watch(dialog) };
}

/** A dialog in which the PBX is the UAC (the far end answered its INVITE). */
function uacDialog(okHeaders: string[] = []) {
  const bed = dialogBed();
  const { guard, faults } = recordingGuard();
  const uac = bed.layer.createUac({
    uri: {
      scheme: 'sip',
      user: 'carol',
      host: '198.51.100.7',
      params: dictionary(),
      headers: dictionary(),
    },
    from: '<sip:pbx@192.0.2.1>',
    to: '<sip:carol@198.51.100.7>',
    callId: 'uac-1',
    contact: () => '<sip:b2b-y@192.0.2.1>',
    flow: bed.flow,
    body: sdp(OFFER),
    guard,
  });
  let dialog: Dialog | undefined;
  uac.on('answered', (d) => (dialog = d));
  uac.start();
  const invite = bed.requests('INVITE')[0]!;
  bed.peer.respond(invite, 200, { body: ANSWER, headers: okHeaders });
  return { ...bed, dialog: dialog!, invite, faults, seen: watch(dialog!) };
}

describe('modify: re-INVITE and UPDATE from the far end', () => {
  it('a re-INVITE with an offer is the owner’s to answer; its 200 has the Contact and waits for the ACK', () => {
    const { peer, ok, seen, responses, dialog } = uasDialog();
    peer.inDialog(ok, 'INVITE', { body: HOLD });
    expect(seen.offers.map((o) => o.body?.data.toString())).toEqual([HOLD]);
    seen.offers[0]!.respond(200, 'OK', { body: sdp(ANSWER) });
    const [reOk] = responses(200, 'INVITE').filter((r) => r.cseq?.seq !== 1);
    expect(reOk?.headers.get('contact')).toBe('<sip:b2b-x@192.0.2.1>');
    vi.advanceTimersByTime(600);
    expect(responses(200, 'INVITE').filter((r) => r.cseq?.seq !== 1)).toHaveLength(2);
    peer.inDialog(reOk!, 'ACK', { cseq: reOk!.cseq!.seq });
    vi.advanceTimersByTime(5000);
    expect(responses(200, 'INVITE').filter((r) => r.cseq?.seq !== 1)).toHaveLength(2);
    expect(dialog.state).toBe('confirmed');
  });

  it('an UPDATE with an offer too; one without is a refresh the dialog answers itself', () => {
    const { peer, ok, seen, responses } = uasDialog();
    peer.inDialog(ok, 'UPDATE', { body: HOLD });
    seen.offers[0]!.reject(refusal('notAcceptable'));
    expect(responses(488, 'UPDATE')).toHaveLength(1);
    peer.inDialog(ok, 'UPDATE');
    expect(responses(200, 'UPDATE')).toHaveLength(1);
    expect(seen.offers).toHaveLength(1);
  });

  it('a re-INVITE without an offer gets the PBX’s last SDP as the offer', () => {
    const { peer, ok, responses } = uasDialog();
    peer.inDialog(ok, 'INVITE');
    const [reOk] = responses(200, 'INVITE').filter((r) => r.cseq?.seq !== 1);
    expect(reOk?.body.toString()).toBe(ANSWER);
  });

  it('glare: an offer crossing the PBX’s own gets 491; without a listener an offer gets 488', () => {
    const { peer, ok, dialog, responses } = uasDialog();
    void dialog.modify(sdp(ANSWER));
    peer.inDialog(ok, 'INVITE', { body: HOLD });
    expect(responses(491, 'INVITE')).toHaveLength(1);
    const fresh = uasDialog();
    fresh.dialog.removeAllListeners('modify');
    fresh.peer.inDialog(fresh.ok, 'UPDATE', { body: HOLD });
    expect(fresh.responses(488, 'UPDATE')).toHaveLength(1);
  });
});

describe('modify: re-INVITE and UPDATE from the PBX', () => {
  it('a re-INVITE in the dialog’s fields, ACKed on its 2xx; the answer resolves it', async () => {
    const { peer, dialog, requests, invite } = uacDialog();
    const result = dialog.modify(sdp(HOLD));
    const [reinvite] = requests('INVITE').slice(1);
    expect(reinvite?.headers.get('cseq')).toBe('2 INVITE');
    expect(reinvite?.uri.user).toBe('carol');
    expect(reinvite?.fromTag).toBe(invite.fromTag);
    expect(reinvite?.toTag).toBe('peer2');
    expect(reinvite?.body.toString()).toBe(HOLD);
    peer.respond(reinvite!, 200, { body: ANSWER });
    const response: SipResponse = await result;
    expect(response.status).toBe(200);
    expect(requests('ACK').map((a) => a.headers.get('cseq'))).toEqual(['1 ACK', '2 ACK']);
    expect(dialog.localSdp?.data.toString()).toBe(HOLD);
  });

  it('an UPDATE is not ACKed; a refusal resolves the promise too', async () => {
    const { peer, dialog, requests } = uacDialog();
    const result = dialog.modify(sdp(HOLD), 'UPDATE');
    const [update] = requests('UPDATE');
    peer.respond(update!, 488);
    expect((await result).status).toBe(488);
    expect(requests('ACK')).toHaveLength(1); // the INVITE's only
  });
});

describe('session refresh (RFC 4028) in both directions', () => {
  it('the far end refreshes: each refresh moves the expiry; when they stop, BYE at S − S/3', () => {
    const { peer, ok, seen, requests, layer } = uasDialog(['Session-Expires: 90']);
    expect(ok.headers.get('session-expires')).toBe('90;refresher=uac');
    vi.advanceTimersByTime(45_000);
    peer.inDialog(ok, 'UPDATE', { headers: ['Session-Expires: 90;refresher=uac'] });
    expect(seen.refreshes).toEqual([90]);
    vi.advanceTimersByTime(59_999);
    expect(requests('BYE')).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(requests('BYE')).toHaveLength(1);
    expect(seen.ends.map((e) => e.reason)).toEqual(['session-expired']);
    expect(layer.size).toBe(0);
  });

  it('the PBX refreshes at half the interval, with UPDATE when the far end allows it', () => {
    const { peer, seen, requests } = uacDialog([
      'Session-Expires: 90;refresher=uac',
      'Allow: INVITE, ACK, BYE, UPDATE',
    ]);
    vi.advanceTimersByTime(44_999);
    expect(requests('UPDATE')).toEqual([]);
    vi.advanceTimersByTime(1);
    const [update] = requests('UPDATE');
    expect(update?.headers.get('session-expires')).toBe('90;refresher=uac');
    expect(update?.body.length).toBe(0);
    peer.respond(update!, 200, { headers: ['Session-Expires: 90;refresher=uac'] });
    expect(seen.refreshes).toEqual([90]);
    vi.advanceTimersByTime(45_000);
    expect(requests('UPDATE')).toHaveLength(2);
    expect(seen.ends).toEqual([]);
  });

  it('without UPDATE the refresh is a re-INVITE with the last SDP; a 481 to it ends the session', async () => {
    const { peer, seen, requests } = uacDialog(['Session-Expires: 60;refresher=uac']);
    vi.advanceTimersByTime(30_000);
    const [refresh] = requests('INVITE').slice(1);
    expect(refresh?.body.toString()).toBe(OFFER);
    peer.respond(refresh!, 481);
    await vi.advanceTimersByTimeAsync(0); // the refresh's outcome is read once its promise settles
    expect(requests('BYE')).toHaveLength(1);
    expect(seen.ends.map((e) => e.reason)).toEqual(['session-expired']);
  });
});

describe('destroy: BYE from either side', () => {
  it('the far end’s BYE: 200, destroy (bye), and the dialog is gone from the layer', () => {
    const { peer, ok, seen, responses, layer, unmatched } = uasDialog();
    peer.inDialog(ok, 'BYE');
    expect(responses(200, 'BYE')).toHaveLength(1);
    expect(seen.ends.map((e) => e.reason)).toEqual(['bye']);
    expect(layer.size).toBe(0);
    peer.inDialog(ok, 'BYE');
    expect(unmatched.map((u) => u.request.method)).toEqual(['INVITE', 'BYE']);
  });

  it('the PBX’s destroy: BYE in the dialog, no destroy event, resolved by the 200', async () => {
    const { peer, dialog, seen, requests, layer } = uacDialog();
    const done = dialog.destroy();
    const [bye] = requests('BYE');
    expect(bye?.headers.get('cseq')).toBe('2 BYE');
    expect(bye?.toTag).toBe('peer2');
    expect(layer.size).toBe(0);
    peer.respond(bye!, 200);
    expect((await done)?.status).toBe(200);
    expect(seen.ends).toEqual([]);
  });

  it('a request still unanswered when the dialog ends gets 487', () => {
    const { peer, ok, dialog, responses } = uasDialog();
    peer.inDialog(ok, 'INVITE', { body: HOLD });
    void dialog.destroy();
    expect(responses(487, 'INVITE')).toHaveLength(1);
  });
});

describe('what only the dialog answers', () => {
  it('a lower CSeq than the last is 500; a wrong From tag is 481', () => {
    const { peer, ok, responses } = uasDialog();
    peer.inDialog(ok, 'INFO', { cseq: 10 });
    peer.inDialog(ok, 'INFO', { cseq: 5 });
    expect(responses(500, 'INFO')).toHaveLength(1);
    peer.send([
      'INFO sip:pbx@192.0.2.1 SIP/2.0',
      'Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bKstranger;rport',
      'From: <sip:mallory@example.com>;tag=other',
      `To: ${ok.headers.get('to')}`,
      'Call-ID: call-1',
      'CSeq: 20 INFO',
    ]);
    expect(responses(481, 'INFO')).toHaveLength(1);
  });

  it('a throwing listener is its owner’s fault, and the request is not left unanswered by it', () => {
    const { peer, ok, dialog, faults, responses } = uasDialog();
    dialog.on('info', () => {
      throw new Error('owner bug');
    });
    peer.inDialog(ok, 'INFO');
    expect(faults.map((f) => f.where)).toEqual(['in-dialog INFO']);
    void dialog.destroy(); // what an owner does on a fault: pending requests get 487
    expect(responses(487, 'INFO')).toHaveLength(1);
  });
});
