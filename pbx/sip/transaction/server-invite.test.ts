import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SipRequest } from '../message';
import { TransactionLayer } from './layer';
import { FakeFlow, makeRequest, responseTo } from './test-support';
import type { ServerTransaction } from './types';

function setup(protocol: 'udp' | 'tcp' = 'udp') {
  const flow = new FakeFlow(protocol);
  const requests: { request: SipRequest; tx: ServerTransaction | null }[] = [];
  const layer = new TransactionLayer({
    onRequest: (request, tx) => {
      requests.push({ request, tx });
    },
  });
  const invite = makeRequest('INVITE');
  layer.receive(invite, flow);
  const tx = requests[0]?.tx;
  if (!tx) throw new Error('no server transaction');
  return { flow, layer, invite, tx, requests };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('INVITE server transaction', () => {
  it('sends 100 Trying once the TU has seen the INVITE, without a To tag', () => {
    const { flow, tx, requests } = setup();
    expect(requests).toHaveLength(1);
    expect(flow.statuses()).toEqual([100]);
    const trying = flow.last();
    expect(trying.headers.get('to')).toBe('<sip:bob@example.com>');
    expect(tx.state).toBe('proceeding');
  });

  it('re-sends the last provisional when the INVITE is retransmitted, without telling the TU', () => {
    const { flow, layer, invite, tx, requests } = setup();
    layer.receive(invite, flow);
    expect(flow.statuses()).toEqual([100, 100]);
    tx.respond(responseTo(invite, 180, 'Ringing'));
    layer.receive(makeRequest('INVITE'), flow);
    expect(flow.statuses()).toEqual([100, 100, 180, 180]);
    expect(requests).toHaveLength(1);
  });

  it('retransmits a non-2xx final with timer G (T1 doubling to T2) until timer H on UDP', () => {
    const { flow, layer, invite, tx } = setup();
    const start = Date.now();
    expect(tx.respond(responseTo(invite, 486, 'Busy Here'))).toBe(true);
    expect(tx.state).toBe('completed');
    vi.advanceTimersByTime(64 * 500);
    const finals = flow.sent.filter(
      (s) => s.message.type === 'response' && s.message.status === 486,
    );
    const times = finals.map((s) => s.at - start);
    expect(times.slice(0, 8)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500]);
    expect(times.at(-1)).toBeLessThan(32_000);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
    flow.sent.length = 0;
    vi.advanceTimersByTime(60_000);
    expect(flow.sent).toHaveLength(0);
  });

  it('absorbs the ACK for a non-2xx, goes Confirmed and ends after timer I (T4) on UDP', () => {
    const { flow, layer, invite, tx, requests } = setup();
    tx.respond(responseTo(invite, 486, 'Busy Here'));
    layer.receive(makeRequest('ACK'), flow);
    expect(tx.state).toBe('confirmed');
    expect(requests).toHaveLength(1);
    const sentBefore = flow.sent.length;
    layer.receive(makeRequest('ACK'), flow); // retransmitted ACK, absorbed too
    layer.receive(invite, flow); // late INVITE retransmission, absorbed in Confirmed
    vi.advanceTimersByTime(4999);
    expect(flow.sent).toHaveLength(sentBefore);
    expect(layer.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(layer.size).toBe(0);
    expect(requests).toHaveLength(1);
  });

  it('re-sends the final response when the INVITE is retransmitted in Completed', () => {
    const { flow, layer, invite, tx } = setup();
    tx.respond(responseTo(invite, 603, 'Decline'));
    layer.receive(invite, flow);
    expect(flow.statuses()).toEqual([100, 603, 603]);
  });

  it('ignores responses after a final one', () => {
    const { flow, invite, tx } = setup();
    tx.respond(responseTo(invite, 486, 'Busy Here'));
    expect(tx.respond(responseTo(invite, 487, 'Request Terminated'))).toBe(false);
    expect(tx.respond(responseTo(invite, 200, 'OK'))).toBe(false);
    expect(flow.statuses()).toEqual([100, 486]);
  });

  it('has no timer G on TCP, and ends right after the ACK (timer I = 0)', () => {
    const { flow, layer, invite, tx } = setup('tcp');
    tx.respond(responseTo(invite, 480, 'Temporarily Unavailable'));
    vi.advanceTimersByTime(20_000);
    expect(flow.statuses()).toEqual([100, 480]);
    layer.receive(makeRequest('ACK'), flow);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
  });

  it('gives up with timer H when no ACK comes on TCP', () => {
    const { layer, invite, tx } = setup('tcp');
    tx.respond(responseTo(invite, 480, 'Temporarily Unavailable'));
    vi.advanceTimersByTime(31_999);
    expect(layer.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(layer.size).toBe(0);
  });

  it('goes Accepted on 2xx: absorbs INVITE retransmissions, sends further 2xx, ends after timer L', () => {
    const { flow, layer, invite, tx, requests } = setup();
    expect(tx.respond(responseTo(invite, 200, 'OK'))).toBe(true);
    expect(tx.state).toBe('accepted');
    layer.receive(invite, flow);
    expect(flow.statuses()).toEqual([100, 200]);
    expect(tx.respond(responseTo(invite, 200, 'OK'))).toBe(true); // another fork's 2xx
    expect(tx.respond(responseTo(invite, 486, 'Busy Here'))).toBe(false);
    expect(tx.respond(responseTo(invite, 180, 'Ringing'))).toBe(false);
    expect(flow.statuses()).toEqual([100, 200, 200]);
    vi.advanceTimersByTime(20_000);
    expect(flow.statuses()).toEqual([100, 200, 200]); // the TU, not the tx, retransmits 2xx
    expect(requests).toHaveLength(1);
    vi.advanceTimersByTime(11_999);
    layer.receive(invite, flow);
    expect(requests).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(layer.size).toBe(0);
    // After timer L the layer has forgotten it: the same INVITE is a new request.
    layer.receive(invite, flow);
    expect(requests).toHaveLength(2);
  });

  it('answers a CANCEL after the 2xx with 200 and does not tell the TU', () => {
    const { flow, layer, invite, tx, requests } = setup();
    const onCancel = vi.fn();
    tx.onCancel = onCancel;
    tx.respond(responseTo(invite, 200, 'OK'));
    layer.receive(makeRequest('CANCEL'), flow);
    expect(flow.statuses()).toEqual([100, 200, 200]);
    expect(flow.last().headers.get('cseq')).toBe('1 CANCEL');
    expect(onCancel).not.toHaveBeenCalled();
    expect(requests).toHaveLength(1);
  });

  it('passes an ACK that reuses the INVITE branch in Accepted to the TU', () => {
    const { flow, layer, invite, tx, requests } = setup();
    tx.respond(responseTo(invite, 200, 'OK'));
    const ack = makeRequest('ACK', { toTag: 'x' });
    layer.receive(ack, flow);
    expect(requests.at(-1)).toEqual({ request: ack, tx: null });
  });

  it('passes the ACK for a 2xx (new branch) to the TU without a transaction', () => {
    const { flow, layer, invite, tx, requests } = setup();
    tx.respond(responseTo(invite, 200, 'OK'));
    const ack = makeRequest('ACK', { branch: 'z9hG4bKack2xx', toTag: 'x' });
    layer.receive(ack, flow);
    expect(requests.at(-1)).toEqual({ request: ack, tx: null });
    expect(layer.size).toBe(1);
  });

  it('sends no 100 Trying when the TU answers at once (a challenge), only the answer', () => {
    const flow = new FakeFlow();
    const layer = new TransactionLayer({
      onRequest: (request, tx) =>
        tx?.respond(responseTo(request, 407, 'Proxy Authentication Required')),
    });
    layer.receive(makeRequest('INVITE'), flow);
    expect(flow.statuses()).toEqual([407]);
  });

  it('sends no 100 Trying when the TU rings at once', () => {
    const flow = new FakeFlow();
    const layer = new TransactionLayer({
      onRequest: (request, tx) => tx?.respond(responseTo(request, 180, 'Ringing')),
    });
    layer.receive(makeRequest('INVITE'), flow);
    expect(flow.statuses()).toEqual([180]);
  });

  it('terminates when even 100 Trying cannot be sent', () => {
    const flow = new FakeFlow('tcp');
    flow.open = false;
    const layer = new TransactionLayer({ onRequest: () => undefined });
    layer.receive(makeRequest('INVITE'), flow);
    expect(layer.size).toBe(0);
  });

  it('terminates when a response cannot be sent', () => {
    const { flow, layer, invite, tx } = setup('tcp');
    flow.open = false;
    expect(tx.respond(responseTo(invite, 180, 'Ringing'))).toBe(false);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
  });
});
