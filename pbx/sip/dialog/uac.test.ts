import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SipRequest, SipResponse } from '../message';
import { parseMessage } from '../parser';
import { FakeFlow } from '../transaction/test-support';
import { dictionary } from '../dictionary';
import type { Dialog } from './dialog';
import { dialogBed, OFFER, recordingGuard, sdp } from './test-peer';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** The PBX calls the far end straight over the flow, with an offer. */
function calling(credentials?: { username: string; password: string }) {
  const bed = dialogBed();
  const uac = bed.layer.createUac({
    uri: {
      scheme: 'sip',
      user: '+78121234567',
      host: '198.51.100.7',
      port: 5062,
      params: dictionary(),
      headers: dictionary(),
    },
    from: '<sip:+74952300000@192.0.2.1>',
    to: '<sip:+78121234567@198.51.100.7>',
    callId: 'uac-1',
    contact: () => '<sip:b2b-y@192.0.2.1>',
    flow: bed.flow,
    body: sdp(OFFER),
    credentials,
    guard: recordingGuard().guard,
  });
  const seen = {
    progress: [] as SipResponse[],
    failed: [] as SipResponse[],
    dialogs: [] as Dialog[],
  };
  uac.on('progress', (r) => seen.progress.push(r));
  uac.on('failed', (r) => seen.failed.push(r));
  uac.on('answered', (d) => seen.dialogs.push(d));
  uac.start();
  return { ...bed, uac, seen, invite: () => bed.requests('INVITE').at(-1)! };
}

describe('UAC: ACK', () => {
  it('ACKs the 2xx itself (the INVITE’s CSeq, the callee’s tag and Contact) and makes the dialog', () => {
    const { peer, invite, requests, seen, layer } = calling();
    expect(invite().headers.get('contact')).toBe('<sip:b2b-y@192.0.2.1>');
    peer.respond(invite(), 180);
    peer.respond(invite(), 200, { body: OFFER, headers: ['Allow: INVITE, ACK, BYE, UPDATE'] });
    expect(seen.progress.map((r) => r.status)).toEqual([180]);
    const [ack] = requests('ACK');
    expect(ack?.headers.get('cseq')).toBe('1 ACK');
    expect(ack?.toTag).toBe('peer2');
    expect(ack?.uri.user).toBe('carol'); // the 2xx's Contact
    expect(seen.dialogs).toHaveLength(1);
    expect(seen.dialogs[0]!.remoteTag).toBe('peer2');
    expect(layer.size).toBe(1);
  });

  it('ACKs a retransmitted 2xx again, and hangs up a second far end that answered the same INVITE', () => {
    const { peer, invite, requests, seen } = calling();
    peer.respond(invite(), 200, { body: OFFER });
    peer.respond(invite(), 200, { body: OFFER });
    expect(requests('ACK')).toHaveLength(2);
    peer.respond(invite(), 200, { body: OFFER, tag: 'fork2' });
    expect(requests('ACK').map((a) => a.toTag)).toEqual(['peer2', 'peer2', 'fork2']);
    const [bye] = requests('BYE');
    expect(bye?.toTag).toBe('fork2');
    expect(seen.dialogs).toHaveLength(1);
  });
});

describe('UAC: CANCEL', () => {
  it('waits for a provisional response, then CANCELs with the INVITE’s branch and CSeq number', () => {
    const { peer, uac, invite, requests, seen } = calling();
    uac.cancel();
    expect(requests('CANCEL')).toEqual([]);
    peer.respond(invite(), 100);
    const [cancel] = requests('CANCEL');
    expect(cancel?.topVia?.branch).toBe(invite().topVia?.branch);
    expect(cancel?.headers.get('cseq')).toBe('1 CANCEL');
    expect(cancel?.headers.get('call-id')).toBe('uac-1');
    peer.respond(cancel!, 200);
    peer.respond(invite(), 487);
    expect(seen.failed.map((r) => r.status)).toEqual([487]);
    expect(requests('ACK')).toHaveLength(1); // the 487's, by the transaction
  });

  it('a CANCEL never answered: the attempt fails after 64·T1 (408)', () => {
    const { peer, uac, invite, seen } = calling();
    peer.respond(invite(), 180);
    uac.cancel();
    vi.advanceTimersByTime(32_000);
    expect(seen.failed.map((r) => r.status)).toEqual([408]);
  });

  it('a 2xx that crosses the CANCEL still makes the dialog: the owner ends it', () => {
    const { peer, uac, invite, requests, seen } = calling();
    peer.respond(invite(), 180);
    uac.cancel();
    peer.respond(invite(), 200, { body: OFFER });
    expect(requests('ACK')).toHaveLength(1);
    expect(seen.dialogs).toHaveLength(1);
    void seen.dialogs[0]!.destroy();
    expect(requests('BYE')).toHaveLength(1);
  });
});

describe('UAC: the carrier’s digest challenge', () => {
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');

  it('answers one 407 with Proxy-Authorization on a new INVITE (same Call-ID and tag, next CSeq)', () => {
    const { peer, invite, requests, seen } = calling({ username: 'acme', password: 'secret' });
    const first = invite();
    peer.respond(first, 407, {
      headers: ['Proxy-Authenticate: Digest realm="carrier", nonce="n0nce", qop="auth"'],
    });
    expect(requests('ACK')).toHaveLength(1); // the 407 is ACKed by its transaction
    const again = invite();
    expect(again).not.toBe(first);
    expect(again.headers.get('cseq')).toBe('2 INVITE');
    expect(again.callId).toBe(first.callId);
    expect(again.fromTag).toBe(first.fromTag);
    const [credentials] = again.credentials('proxy-authorization');
    const params = credentials!.params;
    const ha1 = md5('acme:carrier:secret');
    const ha2 = md5(`INVITE:${params.uri}`);
    expect(params.response).toBe(md5(`${ha1}:n0nce:${params.nc}:${params.cnonce}:auth:${ha2}`));
    peer.respond(again, 407, {
      headers: ['Proxy-Authenticate: Digest realm="carrier", nonce="other"'],
    });
    expect(requests('INVITE')).toHaveLength(2); // once only
    expect(seen.failed.map((r) => r.status)).toEqual([407]);
  });

  it('without credentials a challenge is the failure', () => {
    const { peer, invite, seen } = calling();
    peer.respond(invite(), 401, { headers: ['WWW-Authenticate: Digest realm="c", nonce="n"'] });
    expect(seen.failed.map((r) => r.status)).toEqual([401]);
  });
});

describe('UAC: failures the PBX makes up', () => {
  it('no answer at all: 408 after timer B', () => {
    const { seen } = calling();
    vi.advanceTimersByTime(32_000);
    expect(seen.failed.map((r) => r.status)).toEqual([408]);
  });
});

describe('UAC through a route (the PBX’s routing forks the INVITE)', () => {
  it('hands the INVITE to the route, ACKs the answering device on its flow, hangs up a second one', () => {
    const bed = dialogBed();
    const other = new FakeFlow('tcp');
    const routed: SipRequest[] = [];
    let cancels = 0;
    const uac = bed.layer.createUac({
      uri: {
        scheme: 'sip',
        user: '0100001',
        host: 'pbx.test',
        params: dictionary(),
        headers: dictionary(),
      },
      from: '"+78121234567" <sip:+78121234567@pbx.test>',
      to: '<sip:0100001@pbx.test>',
      callId: 'routed-1',
      contact: (flow) => `<sip:b2b-z@192.0.2.1;transport=${flow.protocol}>`,
      route: { send: (invite) => void routed.push(invite), cancel: () => void cancels++ },
      body: sdp(OFFER),
      guard: recordingGuard().guard,
    });
    const dialogs: Dialog[] = [];
    uac.on('answered', (dialog) => dialogs.push(dialog));
    uac.start();
    const [invite] = routed;
    // The routing adds its Via per branch and drops it from the responses it passes up.
    expect(invite?.headers.has('via')).toBe(false);
    const answer = (tag: string) =>
      parseMessage(
        Buffer.from(
          [
            'SIP/2.0 200 OK',
            'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKbranch1',
            `From: ${invite!.headers.get('from')}`,
            `To: ${invite!.headers.get('to')};tag=${tag}`,
            'Call-ID: routed-1',
            'CSeq: 1 INVITE',
            `Contact: <sip:0100001@203.0.113.5:5060>`,
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'),
        ),
      ) as SipResponse;
    uac.receive(answer('desk'), bed.flow);
    uac.receive(answer('laptop'), other);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]!.contact).toBe('<sip:b2b-z@192.0.2.1;transport=udp>');
    expect(bed.requests('ACK').map((a) => a.toTag)).toEqual(['desk']);
    const onOther = other.sent.map((s) => s.message as SipRequest);
    expect(onOther.map((m) => [m.method, m.toTag])).toEqual([
      ['ACK', 'laptop'],
      ['BYE', 'laptop'],
    ]);
    uac.cancel();
    expect(cancels).toBe(0); // answered: nothing left to cancel
  });
});
