import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SipRequest } from '../message';
import { TransactionLayer } from './layer';
import { FakeFlow, makeRequest, recordingHandler, responseTo } from './test-support';

function setup(protocol: 'udp' | 'tcp' = 'udp') {
  const flow = new FakeFlow(protocol);
  const onStrayResponse = vi.fn();
  const layer = new TransactionLayer({ onRequest: vi.fn(), onStrayResponse });
  const handler = recordingHandler();
  const invite = makeRequest('INVITE', {
    branch: 'z9hG4bKproxy1',
    extraVia: true,
    route: ['<sip:edge.example.net;lr>', '<sip:core.example.net;lr>'],
  });
  const start = Date.now();
  const tx = layer.sendRequest(invite, flow, handler);
  return { flow, layer, handler, invite, tx, start, onStrayResponse };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('INVITE client transaction', () => {
  it('retransmits with timer A (500, 1000, 2000, ...) and times out with timer B on UDP', () => {
    const { flow, layer, handler, tx, start } = setup();
    expect(tx.state).toBe('calling');
    vi.advanceTimersByTime(31_999);
    expect(flow.times(start)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(handler.timeouts).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(handler.timeouts).toEqual([tx]);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
    vi.advanceTimersByTime(100_000);
    expect(flow.sent).toHaveLength(7);
  });

  it('never retransmits on TCP but still times out with timer B', () => {
    const { flow, layer, handler } = setup('tcp');
    vi.advanceTimersByTime(32_000);
    expect(flow.sent).toHaveLength(1);
    expect(handler.onTimeout).toHaveBeenCalledTimes(1);
    expect(layer.size).toBe(0);
  });

  it('stays Proceeding on 1xx with no retransmissions and no timeout', () => {
    const { flow, layer, handler, invite, tx } = setup();
    vi.advanceTimersByTime(600);
    layer.receive(responseTo(invite, 100, 'Trying'), flow);
    layer.receive(responseTo(invite, 180, 'Ringing'), flow);
    expect(tx.state).toBe('proceeding');
    expect(handler.responses.map((r) => r.status)).toEqual([100, 180]);
    vi.advanceTimersByTime(120_000);
    expect(flow.sent).toHaveLength(2);
    expect(handler.onTimeout).not.toHaveBeenCalled();
    expect(layer.size).toBe(1);
    tx.terminate();
    expect(layer.size).toBe(0);
  });

  it('acknowledges a non-2xx itself, passes it up once, absorbs retransmissions with the same ACK', () => {
    const { flow, layer, handler, invite, tx } = setup();
    const busy = responseTo(invite, 486, 'Busy Here');
    layer.receive(busy, flow);
    expect(tx.state).toBe('completed');
    expect(handler.responses).toEqual([busy]);
    const ack = flow.last() as SipRequest;
    expect(ack.type).toBe('request');
    expect(ack.method).toBe('ACK');
    expect(ack.uri).toEqual(invite.uri);
    expect(ack.headers.getAll('via')).toEqual([invite.headers.getAll('via')[0]]);
    expect(ack.headers.get('from')).toBe(invite.headers.get('from'));
    expect(ack.headers.get('to')).toBe(busy.headers.get('to'));
    expect(ack.headers.get('to')).toMatch(/;tag=/);
    expect(ack.headers.get('call-id')).toBe(invite.headers.get('call-id'));
    expect(ack.headers.get('cseq')).toBe('1 ACK');
    expect(ack.headers.getAll('route')).toEqual(invite.headers.getAll('route'));
    expect(ack.body.length).toBe(0);

    layer.receive(busy, flow);
    layer.receive(busy, flow);
    expect(flow.statuses().filter((s) => s === 'ACK')).toHaveLength(3);
    expect(handler.responses).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(flow.statuses()).toEqual(['INVITE', 'ACK', 'ACK', 'ACK']); // timer A is off
  });

  it('stays Completed for timer D (32 s) on UDP', () => {
    const { flow, layer, invite } = setup();
    layer.receive(responseTo(invite, 404, 'Not Found'), flow);
    vi.advanceTimersByTime(31_999);
    expect(layer.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(layer.size).toBe(0);
  });

  it('ends right after the ACK on TCP (timer D = 0)', () => {
    const { flow, layer, handler, invite, tx } = setup('tcp');
    layer.receive(responseTo(invite, 404, 'Not Found'), flow);
    expect(flow.statuses()).toEqual(['INVITE', 'ACK']);
    expect(handler.responses).toHaveLength(1);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
  });

  it('goes Accepted on 2xx, passes every 2xx up, drops the rest, ends after timer M', () => {
    const { flow, layer, handler, invite, tx, onStrayResponse } = setup();
    const ok = responseTo(invite, 200, 'OK');
    layer.receive(ok, flow);
    expect(tx.state).toBe('accepted');
    layer.receive(ok, flow);
    layer.receive(responseTo(invite, 486, 'Busy Here'), flow);
    layer.receive(responseTo(invite, 180, 'Ringing'), flow);
    expect(handler.responses).toEqual([ok, ok]);
    expect(flow.statuses()).toEqual(['INVITE']); // the TU acknowledges a 2xx, not the tx
    vi.advanceTimersByTime(32_000);
    expect(layer.size).toBe(0);
    layer.receive(ok, flow);
    expect(onStrayResponse).toHaveBeenCalledWith(ok, flow);
    expect(handler.onTimeout).not.toHaveBeenCalled();
  });

  it('reports a transport error when a retransmission cannot be sent', () => {
    const { flow, layer, handler, tx } = setup();
    flow.open = false;
    vi.advanceTimersByTime(500);
    expect(handler.transportErrors).toEqual([tx]);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
    vi.advanceTimersByTime(40_000);
    expect(handler.onTimeout).not.toHaveBeenCalled();
  });

  it('reports a transport error after sendRequest returns when the flow is closed', async () => {
    const flow = new FakeFlow('tcp');
    flow.open = false;
    const layer = new TransactionLayer({ onRequest: vi.fn() });
    const handler = recordingHandler();
    const tx = layer.sendRequest(makeRequest('INVITE'), flow, handler);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
    expect(handler.onTransportError).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(handler.transportErrors).toEqual([tx]);
  });

  it('terminate() stops retransmitting and forgets the transaction', () => {
    const { flow, layer, tx, handler } = setup();
    tx.terminate();
    vi.advanceTimersByTime(60_000);
    expect(flow.sent).toHaveLength(1);
    expect(layer.size).toBe(0);
    expect(handler.onTimeout).not.toHaveBeenCalled();
  });
});
