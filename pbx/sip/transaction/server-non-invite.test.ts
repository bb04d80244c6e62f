import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serializeMessage } from '../serializer';
import { TransactionLayer } from './layer';
import { FakeFlow, makeRequest, responseTo } from './test-support';
import type { ServerTransaction } from './types';

function setup(protocol: 'udp' | 'tcp' = 'udp') {
  const flow = new FakeFlow(protocol);
  const onRequest = vi.fn<(r: unknown, tx: ServerTransaction | null) => void>();
  const layer = new TransactionLayer({ onRequest });
  const register = makeRequest('REGISTER');
  layer.receive(register, flow);
  const tx = onRequest.mock.calls[0]?.[1];
  if (!tx) throw new Error('no server transaction');
  return { flow, layer, register, tx, onRequest };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('non-INVITE server transaction', () => {
  it('starts in Trying, sends nothing by itself and absorbs retransmissions', () => {
    const { flow, layer, register, tx, onRequest } = setup();
    expect(tx.state).toBe('trying');
    layer.receive(register, flow);
    expect(flow.sent).toHaveLength(0);
    expect(onRequest).toHaveBeenCalledTimes(1);
  });

  it('re-sends the last provisional in Proceeding and the final in Completed', () => {
    const { flow, layer, register, tx, onRequest } = setup();
    tx.respond(responseTo(register, 183, 'Progress'));
    expect(tx.state).toBe('proceeding');
    layer.receive(register, flow);
    expect(tx.respond(responseTo(register, 200, 'OK'))).toBe(true);
    expect(tx.state).toBe('completed');
    layer.receive(register, flow);
    layer.receive(register, flow);
    expect(flow.statuses()).toEqual([183, 183, 200, 200, 200]);
    expect(onRequest).toHaveBeenCalledTimes(1);
  });

  it('retransmits the final response byte for byte while keeping only its bytes', () => {
    const { flow, layer, register, tx } = setup();
    const ok = responseTo(register, 200, 'OK');
    ok.headers.append('contact', '<sip:alice@192.0.2.9>;expires=600');
    tx.respond(ok);
    layer.receive(register, flow);
    const [first, again] = flow.sent.map((s) => serializeMessage(s.message));
    expect(again?.equals(first!)).toBe(true);
    expect(first?.toString()).toContain('Contact: <sip:alice@192.0.2.9>;expires=600');
    // What the completed transaction holds is a stand-in without parsed headers.
    expect(tx.request.headers.has('via')).toBe(false);
    expect(tx.request.method).toBe('REGISTER');
  });

  it('ignores responses after the final one', () => {
    const { flow, register, tx } = setup();
    tx.respond(responseTo(register, 401, 'Unauthorized'));
    expect(tx.respond(responseTo(register, 200, 'OK'))).toBe(false);
    expect(flow.statuses()).toEqual([401]);
  });

  it('stays Completed for timer J (64*T1) on UDP, then is forgotten', () => {
    const { flow, layer, register, tx, onRequest } = setup();
    tx.respond(responseTo(register, 200, 'OK'));
    vi.advanceTimersByTime(31_999);
    expect(layer.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(layer.size).toBe(0);
    // A late retransmission is now a new request for the TU.
    layer.receive(register, flow);
    expect(onRequest).toHaveBeenCalledTimes(2);
  });

  it('uses the timers given to the layer', () => {
    const flow = new FakeFlow('udp');
    const onRequest = vi.fn<(r: unknown, tx: ServerTransaction | null) => void>();
    const layer = new TransactionLayer({ onRequest, timers: { T1: 100 } });
    const options = makeRequest('OPTIONS');
    layer.receive(options, flow);
    onRequest.mock.calls[0]?.[1]?.respond(responseTo(options, 200, 'OK'));
    vi.advanceTimersByTime(6400);
    expect(layer.size).toBe(0);
  });

  it('ends at once on TCP (timer J = 0)', () => {
    const { layer, register, tx } = setup('tcp');
    tx.respond(responseTo(register, 200, 'OK'));
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
  });

  it('terminates when the flow is closed', () => {
    const { flow, layer, register, tx } = setup('tcp');
    flow.open = false;
    expect(tx.respond(responseTo(register, 200, 'OK'))).toBe(false);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
  });
});
