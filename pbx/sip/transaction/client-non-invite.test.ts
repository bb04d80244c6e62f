import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransactionLayer } from './layer';
import { FakeFlow, makeRequest, recordingHandler, responseTo } from './test-support';

function setup(protocol: 'udp' | 'tcp' = 'udp') {
  const flow = new FakeFlow(protocol);
  const layer = new TransactionLayer({ onRequest: vi.fn() });
  const handler = recordingHandler();
  const request = makeRequest('OPTIONS', { branch: 'z9hG4bKopt1' });
  const start = Date.now();
  const tx = layer.sendRequest(request, flow, handler);
  return { flow, layer, handler, request, tx, start };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('non-INVITE client transaction', () => {
  it('retransmits with timer E capped at T2 and times out with timer F on UDP', () => {
    const { flow, layer, handler, tx, start } = setup();
    expect(tx.state).toBe('trying');
    vi.advanceTimersByTime(31_999);
    expect(flow.times(start)).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    vi.advanceTimersByTime(1);
    expect(handler.timeouts).toEqual([tx]);
    expect(layer.size).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(flow.sent).toHaveLength(11);
  });

  it('retransmits every T2 after a provisional, and still times out with timer F', () => {
    const { flow, layer, handler, request, tx, start } = setup();
    vi.advanceTimersByTime(100);
    layer.receive(responseTo(request, 100, 'Trying'), flow);
    expect(tx.state).toBe('proceeding');
    vi.advanceTimersByTime(31_899);
    expect(flow.times(start)).toEqual([0, 500, 4500, 8500, 12500, 16500, 20500, 24500, 28500]);
    vi.advanceTimersByTime(1);
    expect(handler.responses.map((r) => r.status)).toEqual([100]);
    expect(handler.onTimeout).toHaveBeenCalledTimes(1);
  });

  it('passes the final response up once and absorbs retransmissions until timer K (T4)', () => {
    const { flow, layer, handler, request, tx } = setup();
    const ok = responseTo(request, 200, 'OK');
    layer.receive(ok, flow);
    expect(tx.state).toBe('completed');
    layer.receive(ok, flow);
    expect(handler.responses).toEqual([ok]);
    vi.advanceTimersByTime(4999);
    expect(flow.sent).toHaveLength(1);
    expect(layer.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(layer.size).toBe(0);
    expect(handler.onTimeout).not.toHaveBeenCalled();
  });

  it('never retransmits on TCP, times out with timer F, and ends at once on a final (K = 0)', () => {
    const first = setup('tcp');
    vi.advanceTimersByTime(32_000);
    expect(first.flow.sent).toHaveLength(1);
    expect(first.handler.onTimeout).toHaveBeenCalledTimes(1);

    const { flow, layer, handler, request, tx } = setup('tcp');
    layer.receive(responseTo(request, 404, 'Not Found'), flow);
    expect(handler.responses).toHaveLength(1);
    expect(tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
  });

  it('matches responses on the CSeq method too: a CANCEL and its INVITE share a branch', () => {
    const flow = new FakeFlow('udp');
    const layer = new TransactionLayer({ onRequest: vi.fn() });
    const inviteHandler = recordingHandler();
    const cancelHandler = recordingHandler();
    const invite = makeRequest('INVITE', { branch: 'z9hG4bKfork2' });
    const cancel = makeRequest('CANCEL', { branch: 'z9hG4bKfork2' });
    const inviteTx = layer.sendRequest(invite, flow, inviteHandler);
    layer.receive(responseTo(invite, 180, 'Ringing'), flow);
    const cancelTx = layer.sendRequest(cancel, flow, cancelHandler);
    expect(layer.size).toBe(2);
    layer.receive(responseTo(cancel, 200, 'OK'), flow);
    layer.receive(responseTo(invite, 487, 'Request Terminated'), flow);
    expect(cancelHandler.responses.map((r) => r.status)).toEqual([200]);
    expect(inviteHandler.responses.map((r) => r.status)).toEqual([180, 487]);
    expect(cancelTx.state).toBe('completed');
    expect(inviteTx.state).toBe('completed');
  });

  it('reports a transport error when a retransmission cannot be sent', () => {
    const { flow, layer, handler, tx } = setup();
    flow.open = false;
    vi.advanceTimersByTime(500);
    expect(handler.transportErrors).toEqual([tx]);
    expect(layer.size).toBe(0);
  });
});
