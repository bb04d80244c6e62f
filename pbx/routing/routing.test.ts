import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseNameAddr, parseVia } from '../sip/headers';
import type { SipRequest, SipResponse } from '../sip/message';
import type {
  ClientTransaction,
  ClientTransactionHandler,
  ServerTransaction,
  TransactionLayer,
  TransactionState,
} from '../sip/transaction';
import { createResponse } from '../sip/transaction';
import { makeRequest } from '../sip/transaction/test-support';
import { TestFlow } from '../sip/transport/test-flow';
import type { Flow } from '../sip/transport/flow';
import { formatUri, parseUri } from '../sip/uri';
import { openSqliteStore, WriteBehind, type Store } from '../store';
import { DialogTracker } from './dialogs';
import { LocalIdentity, newBranch } from './local-identity';
import { createStats, FaultBarrier } from '../sip/fault-barrier';
import { ProxyCall, type BranchMedia, type ForkTarget, type ProxyCallHooks } from './proxy-call';
import { decrementMaxForwards, hasToTag, popOwnRoutes } from './routes';

const identity = new LocalIdentity('pbx.example.com', 'example.com', {
  udp: 5060,
  tcp: 5060,
  tls: 5061,
  ws: 8080,
  wss: 8443,
});

describe('LocalIdentity', () => {
  it('knows its host and domain, on its ports or none, case-insensitively', () => {
    expect(identity.isLocal(parseUri('sip:pbx.example.com'))).toBe(true);
    expect(identity.isLocal(parseUri('sip:0100001@EXAMPLE.com:5060'))).toBe(true);
    expect(identity.isLocal(parseUri('sip:pbx.example.com:8443;transport=wss'))).toBe(true);
    expect(identity.isLocal(parseUri('sip:pbx.example.com:5070'))).toBe(false);
    expect(identity.isLocal(parseUri('sip:other.example.com'))).toBe(false);
    const extra = new LocalIdentity('pbx.example.com', 'example.com', { udp: 5060 }, ['10.0.0.1']);
    expect(extra.isLocal(parseUri('sip:10.0.0.1:5060'))).toBe(true);
    expect(extra.isLocal(parseUri('sip:10.0.0.1:8080'))).toBe(false);
  });

  it('is itself only for a URI without a user', () => {
    expect(identity.isSelf(parseUri('sip:example.com'))).toBe(true);
    expect(identity.isSelf(parseUri('sip:pbx.example.com:5061'))).toBe(true);
    expect(identity.isSelf(parseUri('sip:0100001@example.com'))).toBe(false);
    expect(identity.isSelf(parseUri('sip:elsewhere.net'))).toBe(false);
  });

  it('builds a Via for the outbound transport naming the inbound flow', () => {
    const via = parseVia(identity.via(new TestFlow('w', 'wss'), 'z9hG4bKxyz', 'pbxf-7'));
    expect(via).toMatchObject({ transport: 'WSS', host: 'pbx.example.com', port: 8443 });
    expect(via.params).toEqual({ branch: 'z9hG4bKxyz', rport: null, pbxf: 'pbxf-7' });
    const plain = parseVia(identity.via(new TestFlow('u'), 'z9hG4bKabc'));
    expect(plain).toMatchObject({ transport: 'UDP', port: 5060 });
    expect(plain.params.pbxf).toBeUndefined();
  });

  it('builds Record-Route entries with the flow token and transport', () => {
    expect(identity.recordRoute(new TestFlow('u'))).toBe('<sip:pbx.example.com:5060;lr>');
    expect(identity.recordRoute(new TestFlow('w', 'ws'), 'pbxf-3')).toBe(
      '<sip:pbxf-3@pbx.example.com:8080;transport=ws;lr>',
    );
    expect(identity.recordRoute(new TestFlow('t', 'tls'))).toBe(
      '<sip:pbx.example.com:5061;transport=tls;lr>',
    );
  });

  it('makes fresh RFC 3261 branches', () => {
    const a = newBranch();
    expect(a).toMatch(/^z9hG4bK[A-Za-z0-9]+$/);
    expect(newBranch()).not.toBe(a);
  });
});

describe('routes', () => {
  it('pops only our own Route entries from the top and returns the last one with its user', () => {
    const request = makeRequest('BYE', {
      route: [
        '<sip:pbxf-1@pbx.example.com:8080;transport=ws;lr>',
        '<sip:pbxf-2@pbx.example.com:5060;lr>',
        '<sip:proxy.elsewhere.net;lr>',
        '<sip:pbx.example.com;lr>',
      ],
    });
    expect(popOwnRoutes(request, identity)).toEqual({ user: 'pbxf-2' });
    expect(request.headers.getAll('route')).toEqual([
      '<sip:proxy.elsewhere.net;lr>',
      '<sip:pbx.example.com;lr>',
    ]);
  });

  it('returns undefined and leaves foreign routes alone', () => {
    const request = makeRequest('BYE', { route: ['<sip:proxy.elsewhere.net;lr>'] });
    expect(popOwnRoutes(request, identity)).toBeUndefined();
    expect(request.headers.getAll('route')).toEqual(['<sip:proxy.elsewhere.net;lr>']);
    const none = makeRequest('BYE');
    expect(popOwnRoutes(none, identity)).toBeUndefined();
    expect(none.headers.has('route')).toBe(false);
  });

  it('removes the Route header when every entry was ours; a token-less entry has no user', () => {
    const request = makeRequest('BYE', { route: ['<sip:pbx.example.com;lr>'] });
    expect(popOwnRoutes(request, identity)).toEqual({ user: undefined });
    expect(request.headers.has('route')).toBe(false);
  });

  it('decrements Max-Forwards and reads the To tag', () => {
    const request = makeRequest('INVITE');
    decrementMaxForwards(request);
    expect(request.headers.get('max-forwards')).toBe('69');
    request.headers.delete('max-forwards');
    decrementMaxForwards(request);
    expect(request.headers.get('max-forwards')).toBe('69');
    expect(hasToTag(request)).toBe(false);
    expect(hasToTag(makeRequest('BYE', { toTag: 'x' }))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

interface SentRequest {
  request: SipRequest;
  flow: Flow;
  handler: ClientTransactionHandler;
  tx: ClientTransaction & { terminated: boolean };
}

/** A TransactionLayer stand-in: records what the proxy sends; the test plays the far ends. */
function fakeTransactions() {
  const sent: SentRequest[] = [];
  const layer = {
    sendRequest(request: SipRequest, flow: Flow, handler: ClientTransactionHandler) {
      const tx = {
        id: `tx${sent.length}`,
        request,
        flow,
        state: 'calling' as TransactionState,
        terminated: false,
        terminate() {
          tx.terminated = true;
        },
      };
      sent.push({ request, flow, handler, tx });
      return tx;
    },
  };
  return { layer: layer as unknown as TransactionLayer, sent };
}

/** A ServerTransaction stand-in: records responses, refuses all but 2xx after a 2xx (RFC 6026). */
function fakeServerTx(request: SipRequest, flow: Flow) {
  const responses: SipResponse[] = [];
  let finalStatus: number | undefined;
  const tx: ServerTransaction & { cancelled: boolean; responses: SipResponse[] } = {
    id: 'server',
    request,
    flow,
    state: 'proceeding',
    cancelled: false,
    responses,
    respond(response: SipResponse): boolean {
      if (finalStatus !== undefined) {
        const again2xx = finalStatus < 300 && response.status >= 200 && response.status < 300;
        if (!again2xx) return false;
      }
      if (response.status >= 200) finalStatus ??= response.status;
      responses.push(response);
      return true;
    },
  };
  return tx;
}

const CALLER_VIA = 'SIP/2.0/WSS abc.invalid;branch=z9hG4bKcaller;rport';

function callerInvite(method = 'INVITE'): SipRequest {
  const invite = makeRequest(method);
  invite.headers.set('via', CALLER_VIA);
  invite.uri = parseUri('sip:0100002@example.com');
  invite.headers.set('Contact', '<sip:caller@abc.invalid;transport=ws>');
  return invite;
}

const targets: ForkTarget[] = [
  {
    uri: parseUri('sip:b1@one.invalid;transport=ws'),
    flow: new TestFlow('ws:1', 'ws'),
    token: 'pbxf-1',
  },
  {
    uri: parseUri('sip:b2@198.51.100.20:5070'),
    flow: new TestFlow('udp:2', 'udp', '198.51.100.20'),
  },
  {
    uri: parseUri('sip:b3@three.invalid;transport=tcp'),
    flow: new TestFlow('tcp:3', 'tcp'),
    token: 'pbxf-3',
  },
];

function setupCall(
  options: {
    ringTimeoutMs?: number;
    method?: string;
    recordRoute?: boolean;
    media?: BranchMedia;
    barrier?: FaultBarrier;
  } = {},
) {
  const inbound = new TestFlow('wss:caller', 'wss');
  const invite = callerInvite(options.method);
  const serverTx = fakeServerTx(invite, inbound);
  const { layer, sent } = fakeTransactions();
  const hooks = {
    onAnswered: vi.fn<NonNullable<ProxyCallHooks['onAnswered']>>(),
    onFinal: vi.fn<NonNullable<ProxyCallHooks['onFinal']>>(),
    relayStateless: vi.fn<ProxyCallHooks['relayStateless']>(),
    onFault: vi.fn<NonNullable<ProxyCallHooks['onFault']>>(),
  };
  const call = new ProxyCall(serverTx, invite, {
    transactions: layer,
    identity,
    recordRoute: options.recordRoute ?? true,
    inboundToken: 'pbxf-caller',
    ringTimeoutMs: options.ringTimeoutMs,
    hooks,
    media: options.media,
    barrier: options.barrier,
  });
  call.start(targets);
  /** The INVITE client transactions, one per target (CANCELs come later in `sent`). */
  const branches = sent.slice(0, targets.length);
  const reply = (i: number, status: number, reason = 'R'): SipResponse => {
    const branch = branches[i];
    if (!branch) throw new Error(`no branch ${i}`);
    const response = createResponse(branch.request, status, reason);
    branch.handler.onResponse(response, branch.tx);
    return response;
  };
  const cancels = () => sent.filter((s) => s.request.method === 'CANCEL');
  const cancelledFlows = () => cancels().map((s) => s.flow.id);
  const statuses = () => serverTx.responses.map((r) => r.status);
  return { invite, serverTx, sent, branches, hooks, reply, cancels, cancelledFlows, statuses };
}

describe('ProxyCall', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('forks to every target: own Via branch on top, two Record-Routes, Request-URI = target', () => {
    const { branches, invite } = setupCall();
    expect(branches).toHaveLength(3);
    const topBranches = new Set<string>();
    branches.forEach((branch, i) => {
      const target = targets[i] as ForkTarget;
      expect(branch.flow).toBe(target.flow);
      expect(branch.request.method).toBe('INVITE');
      expect(formatUri(branch.request.uri)).toBe(formatUri(target.uri));
      const vias = branch.request.headers.getAll('via');
      expect(vias).toHaveLength(2);
      expect(vias[1]).toBe(CALLER_VIA);
      const top = parseVia(vias[0] ?? '');
      expect(top.host).toBe('pbx.example.com');
      expect(top.transport).toBe(target.flow.protocol.toUpperCase());
      expect(top.params.branch).toMatch(/^z9hG4bK/);
      expect(top.params.pbxf).toBe('pbxf-caller');
      topBranches.add(top.params.branch ?? '');
      const rr = branch.request.headers.getAll('record-route');
      expect(rr).toEqual([
        identity.recordRoute(target.flow, target.token),
        '<sip:pbxf-caller@pbx.example.com:8443;transport=wss;lr>',
      ]);
      expect(parseNameAddr(rr[0] ?? '').uri.user).toBe(target.token);
    });
    expect(topBranches.size).toBe(3);
    // The caller's request is left untouched.
    expect(invite.headers.getAll('via')).toEqual([CALLER_VIA]);
    expect(invite.headers.has('record-route')).toBe(false);
    expect(formatUri(invite.uri)).toBe('sip:0100002@example.com');
  });

  it('adds no Record-Route when not asked to', () => {
    const { branches } = setupCall({ recordRoute: false });
    expect(branches[0]?.request.headers.has('record-route')).toBe(false);
  });

  it('forwards a 180 upstream without the PBX Via, and never a 100', () => {
    const { reply, serverTx } = setupCall();
    reply(0, 100, 'Trying');
    expect(serverTx.responses).toHaveLength(0);
    reply(1, 180, 'Ringing');
    expect(serverTx.responses).toHaveLength(1);
    const ringing = serverTx.responses[0] as SipResponse;
    expect(ringing.status).toBe(180);
    expect(ringing.headers.getAll('via')).toEqual([CALLER_VIA]);
  });

  it('forwards the first 200 and cancels ringing branches with "Call completed elsewhere"', () => {
    const { reply, serverTx, hooks, cancels, branches, statuses } = setupCall();
    reply(0, 180, 'Ringing');
    reply(1, 183, 'Session Progress');
    const ok = reply(2, 200, 'OK');
    expect(statuses()).toEqual([180, 183, 200]);
    expect(serverTx.responses.at(-1)?.headers.getAll('via')).toEqual([CALLER_VIA]);
    expect(hooks.onAnswered).toHaveBeenCalledTimes(1);
    expect(hooks.onAnswered).toHaveBeenCalledWith(ok, targets[2]);
    expect(hooks.onFinal).toHaveBeenCalledTimes(1);
    expect(hooks.onFinal.mock.calls[0]?.[0].status).toBe(200);

    const sentCancels = cancels();
    expect(sentCancels.map((c) => c.flow.id)).toEqual(['ws:1', 'udp:2']);
    sentCancels.forEach((cancel, i) => {
      const invite = branches[i]?.request as SipRequest;
      const c = cancel.request;
      expect(c.headers.get('reason')).toBe('SIP;cause=200;text="Call completed elsewhere"');
      // RFC 3261 §9.1: same Request-URI, top Via only, Call-ID, From, To, CSeq number.
      expect(formatUri(c.uri)).toBe(formatUri(invite.uri));
      expect(c.headers.getAll('via')).toEqual([invite.headers.getAll('via')[0]]);
      expect(c.headers.get('call-id')).toBe(invite.headers.get('call-id'));
      expect(c.headers.get('from')).toBe(invite.headers.get('from'));
      expect(c.headers.get('to')).toBe(invite.headers.get('to'));
      expect(c.headers.get('cseq')).toBe('1 CANCEL');
      expect(c.headers.has('record-route')).toBe(false);
      expect(c.headers.has('contact')).toBe(false);
    });
    // The cancelled branches' 487s do not reach the caller.
    reply(0, 487, 'Request Terminated');
    reply(1, 487, 'Request Terminated');
    expect(statuses()).toEqual([180, 183, 200]);
    expect(hooks.onFinal).toHaveBeenCalledTimes(1);
  });

  it('cancels a branch with no provisional response only once it sends one', () => {
    const { reply, cancels, cancelledFlows, statuses } = setupCall();
    reply(0, 180, 'Ringing');
    reply(0, 200, 'OK');
    expect(cancels()).toHaveLength(0);
    reply(1, 100, 'Trying');
    expect(cancelledFlows()).toEqual(['udp:2']);
    expect(cancels()[0]?.request.headers.get('reason')).toBe(
      'SIP;cause=200;text="Call completed elsewhere"',
    );
    reply(2, 180, 'Ringing');
    expect(cancelledFlows()).toEqual(['udp:2', 'tcp:3']);
    // A 1xx after the 200 is not forwarded; a repeated 1xx does not CANCEL again.
    reply(2, 180, 'Ringing');
    expect(cancels()).toHaveLength(2);
    expect(statuses()).toEqual([180, 200]);
  });

  it('still forwards a second 2xx from another branch', () => {
    const { reply, serverTx, hooks, statuses } = setupCall();
    reply(0, 200, 'OK');
    reply(1, 200, 'OK');
    // Either through the server transaction (Accepted) or relayed statelessly.
    const forwarded = [...statuses(), ...hooks.relayStateless.mock.calls.map((c) => c[0].status)];
    expect(forwarded).toEqual([200, 200]);
    expect(serverTx.responses[1]?.headers.getAll('via')).toEqual([CALLER_VIA]);
    expect(hooks.onAnswered).toHaveBeenCalledTimes(1);
    expect(hooks.onFinal).toHaveBeenCalledTimes(1);
  });

  it('sends the best response once every branch failed: the first 4xx received', () => {
    const { reply, statuses, hooks, cancels } = setupCall();
    reply(0, 180, 'Ringing');
    reply(1, 404, 'Not Found');
    reply(0, 486, 'Busy Here');
    expect(statuses()).toEqual([180]);
    reply(2, 480, 'Temporarily Unavailable');
    expect(statuses()).toEqual([180, 404]);
    expect(hooks.onFinal).toHaveBeenCalledTimes(1);
    expect(hooks.onAnswered).not.toHaveBeenCalled();
    expect(cancels()).toHaveLength(0);
  });

  it('prefers a 4xx over 5xx and turns a lone 503 into 500', () => {
    const mixed = setupCall();
    mixed.reply(0, 503, 'Service Unavailable');
    mixed.reply(1, 500, 'Server Internal Error');
    mixed.reply(2, 486, 'Busy Here');
    expect(mixed.statuses()).toEqual([486]);
    const down = setupCall();
    down.reply(0, 503, 'Service Unavailable');
    down.reply(1, 503, 'Service Unavailable');
    down.reply(2, 503, 'Service Unavailable');
    expect(down.statuses()).toEqual([500]);
  });

  it('treats a branch timeout as 408 and a transport error as 503', () => {
    const { branches, reply, statuses } = setupCall();
    const [b0, b1] = branches as [SentRequest, SentRequest];
    b0.handler.onTimeout(b0.tx);
    b1.handler.onTransportError(b1.tx);
    expect(statuses()).toEqual([]);
    reply(2, 500, 'Server Internal Error');
    expect(statuses()).toEqual([408]);
  });

  it('cancels the other branches on a 603 and sends the 603 once all have ended', () => {
    const { reply, statuses, cancels, cancelledFlows } = setupCall();
    reply(0, 180, 'Ringing');
    reply(1, 603, 'Decline');
    expect(cancelledFlows()).toEqual(['ws:1']);
    expect(cancels()[0]?.request.headers.has('reason')).toBe(false);
    expect(statuses()).toEqual([180]);
    reply(0, 487, 'Request Terminated');
    expect(statuses()).toEqual([180]);
    reply(2, 180, 'Ringing'); // the pending CANCEL goes out now
    expect(cancelledFlows()).toEqual(['ws:1', 'tcp:3']);
    reply(2, 487, 'Request Terminated');
    expect(statuses()).toEqual([180, 180, 603]);
  });

  it('cancels every branch on the caller CANCEL and answers 487 once they have ended', () => {
    const { reply, serverTx, statuses, cancelledFlows, hooks, invite } = setupCall();
    reply(0, 180, 'Ringing');
    reply(1, 180, 'Ringing');
    serverTx.cancelled = true;
    serverTx.onCancel?.();
    expect(cancelledFlows()).toEqual(['ws:1', 'udp:2']);
    reply(2, 100, 'Trying');
    expect(cancelledFlows()).toEqual(['ws:1', 'udp:2', 'tcp:3']);
    reply(0, 487, 'Request Terminated');
    reply(1, 487, 'Request Terminated');
    expect(statuses()).toEqual([180, 180]);
    reply(2, 487, 'Request Terminated');
    expect(statuses()).toEqual([180, 180, 487]);
    const final = serverTx.responses.at(-1) as SipResponse;
    expect(final.headers.getAll('via')).toEqual([CALLER_VIA]);
    expect(final.headers.get('call-id')).toBe(invite.headers.get('call-id'));
    expect(hooks.onFinal).toHaveBeenCalledTimes(1);
  });

  it('answers 487 to a cancelled caller even when a branch answered otherwise', () => {
    const { reply, serverTx, statuses } = setupCall();
    reply(0, 180, 'Ringing');
    reply(1, 180, 'Ringing');
    reply(2, 180, 'Ringing');
    serverTx.cancelled = true;
    serverTx.onCancel?.();
    reply(0, 487, 'Request Terminated');
    reply(1, 486, 'Busy Here');
    reply(2, 487, 'Request Terminated');
    expect(statuses().at(-1)).toBe(487);
  });

  it('gives up a cancelled branch that never answers its CANCEL after 32 s', () => {
    const { reply, serverTx, statuses, branches } = setupCall();
    reply(0, 180, 'Ringing');
    reply(1, 486, 'Busy Here');
    reply(2, 486, 'Busy Here');
    serverTx.cancelled = true;
    serverTx.onCancel?.();
    vi.advanceTimersByTime(31_999);
    expect(statuses()).toEqual([180]);
    vi.advanceTimersByTime(1);
    expect(branches[0]?.tx.terminated).toBe(true);
    expect(statuses()).toEqual([180, 487]);
  });

  it('answers 480 and cancels the branches when ringing times out', () => {
    const { reply, statuses, cancelledFlows, hooks, serverTx } = setupCall({
      ringTimeoutMs: 60_000,
    });
    reply(0, 180, 'Ringing');
    reply(1, 180, 'Ringing');
    vi.advanceTimersByTime(59_999);
    expect(statuses()).toEqual([180, 180]);
    vi.advanceTimersByTime(1);
    expect(statuses()).toEqual([180, 180, 480]);
    expect(serverTx.responses.at(-1)?.reason).toBe('No Answer');
    expect(cancelledFlows()).toEqual(['ws:1', 'udp:2']);
    reply(2, 180, 'Ringing');
    expect(cancelledFlows()).toEqual(['ws:1', 'udp:2', 'tcp:3']);
    reply(0, 487, 'Request Terminated');
    reply(1, 487, 'Request Terminated');
    reply(2, 487, 'Request Terminated');
    expect(statuses()).toEqual([180, 180, 480]);
    expect(hooks.onFinal).toHaveBeenCalledTimes(1);
  });

  it('does not time out a call that was answered', () => {
    const { reply, statuses } = setupCall({ ringTimeoutMs: 60_000 });
    reply(0, 200, 'OK');
    vi.advanceTimersByTime(120_000);
    expect(statuses()).toEqual([200]);
  });

  it('relays a 200 that races the ring timeout, but reports one final response only', () => {
    const { reply, statuses, hooks } = setupCall({ ringTimeoutMs: 60_000 });
    reply(0, 180, 'Ringing');
    vi.advanceTimersByTime(60_000);
    expect(statuses()).toEqual([180, 480]);
    reply(0, 200, 'OK'); // crossed the CANCEL on the wire
    expect(hooks.relayStateless).toHaveBeenCalledTimes(1);
    // ProxyCallHooks.onFinal: "Called once with the final response sent upstream".
    expect(hooks.onFinal).toHaveBeenCalledTimes(1);
  });

  it('forwards an in-dialog non-INVITE to its one target and its final response back', () => {
    const { reply, statuses, branches, cancels } = setupCall({ method: 'BYE', recordRoute: false });
    expect(branches.map((b) => b.request.method)).toEqual(['BYE', 'BYE', 'BYE']);
    reply(0, 200, 'OK');
    expect(statuses()).toEqual([200]);
    expect(cancels()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('ProxyCall: a fault in the call’s own work', () => {
  it('ends that call: the caller gets 500 and the router is told; the process goes on', () => {
    const barrier = new FaultBarrier(createStats());
    const { reply, serverTx, hooks, cancelledFlows, statuses } = setupCall({ barrier });
    reply(0, 180, 'Ringing');
    reply(1, 180, 'Ringing');
    serverTx.respond = ((respond) => (response: SipResponse) => {
      if (response.status === 486) throw new TypeError('a bug upstream');
      return respond(response);
    })(serverTx.respond.bind(serverTx));
    reply(2, 486, 'Busy Here');
    expect(barrier.stats.faults).toBe(0);
    reply(0, 486, 'Busy Here');
    reply(1, 486, 'Busy Here');
    expect(barrier.stats.faults).toBe(1);
    expect(statuses()).toEqual([180, 180, 500]);
    expect(hooks.onFault).toHaveBeenCalledTimes(1);
    expect(hooks.onFinal).not.toHaveBeenCalled();
    expect(cancelledFlows()).toEqual([]);
    expect(barrier.stats.callsEndedByFault).toBe(1);
  });

  it('through the bridge: the chain is caught, every branch is cancelled, even one that rings later', async () => {
    vi.useRealTimers();
    const barrier = new FaultBarrier(createStats());
    const media: BranchMedia = {
      offer: async () => undefined,
      answer: async () => undefined,
      dropBranch: () => undefined,
    };
    const { reply, hooks, cancelledFlows, statuses, serverTx } = setupCall({ barrier, media });
    const respond = serverTx.respond.bind(serverTx);
    serverTx.respond = (response: SipResponse) => {
      if (response.status === 183) throw new TypeError('a bug upstream');
      return respond(response);
    };
    await new Promise((r) => setTimeout(r, 0));
    reply(0, 180, 'Ringing');
    reply(1, 183, 'Session Progress');
    reply(2, 180, 'Ringing');
    await new Promise((r) => setTimeout(r, 10));
    expect(statuses()).toEqual([180, 500]);
    expect(cancelledFlows()).toEqual(['ws:1', 'udp:2', 'tcp:3']);
    expect(hooks.onFault).toHaveBeenCalledTimes(1);
    expect(barrier.stats.faults).toBe(1);
  });
});

describe('DialogTracker', () => {
  let store: Store;
  let clock: { t: number };
  let dialogs: DialogTracker;
  let companyId: number;

  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    clock = { t: 1_700_000_000_000 };
    dialogs = new DialogTracker(new WriteBehind(store, { batchMs: 0 }), () => clock.t);
    companyId = (await store.companies.create({ name: 'Acme' })).id;
  });
  afterEach(() => store.close());
  /** The call records as written once the queue has caught up. */
  const record = async (callId: string) => {
    await dialogs.flush();
    return store.callRecords.getByCallId(callId);
  };

  const start = (callId: string) =>
    dialogs.callStarted({
      callId,
      companyId,
      callerNumber: '0100001',
      callerName: 'Anna',
      calleeNumber: '0100002',
      calleeName: 'Boris',
      callerDevice: 'wss JsSIP 3.13.8',
    });

  it('a call holds its lines until it fails, is cancelled, ends by BYE or its session expires', () => {
    const lines = () => [
      dialogs.channels.linesInUse('0100001'),
      dialogs.channels.linesInUse('0100002'),
    ];
    const held = (callId: string) => {
      const call = start(callId);
      dialogs.holdLines(call, 1, 1);
      return call;
    };
    dialogs.callFailed(held('failed'), 603, false);
    expect(lines()).toEqual([[], []]);
    dialogs.callFailed(held('cancelled'), 487, true);
    expect(lines()).toEqual([[], []]);
    dialogs.callAnswered(held('bye'), null);
    expect(lines()).toEqual([[1], [1]]);
    dialogs.callEnded('bye');
    expect(lines()).toEqual([[], []]);
    dialogs.callAnswered(held('timer'), null, 90);
    clock.t += 89_000;
    dialogs.sweep();
    expect(lines()).toEqual([[1], [1]]);
    dialogs.refreshSession('timer', 90);
    clock.t += 89_000;
    dialogs.sweep();
    expect(lines()).toEqual([[1], [1]]);
    clock.t += 2_000;
    dialogs.sweep();
    expect(lines()).toEqual([[], []]);
    expect(dialogs.knows('timer')).toBe(false);
  });

  it('a transfer takes over the line of the dialog it ends, which then frees nothing', () => {
    const first = start('first');
    dialogs.holdLines(first, 1, 1);
    dialogs.callAnswered(first, null);
    const referral = { transferee: '0100001', flowId: 'udp:127.0.0.1:5062', target: '0100003' };
    dialogs.referrals.remember({ ...referral, callId: 'first' });
    const found = dialogs.referrals.find('0100001', referral.flowId, '0100003');
    expect(found?.callId).toBe('first');
    expect(dialogs.channels.takeOver('0100001', 'second', 'first')).toBe(1);
    dialogs.callEnded('first');
    expect(dialogs.channels.lineOf('0100001', 'second')).toBe(1);
    expect(dialogs.channels.linesInUse('0100002')).toEqual([]);
    dialogs.referrals.remember({ ...referral, callId: 'second' });
    clock.t += 33_000;
    expect(dialogs.referrals.find('0100001', referral.flowId, '0100003')).toBeUndefined();
    dialogs.sweep();
    expect(dialogs.referrals.size).toBe(0);
  });

  it('records a call from INVITE through answer to BYE', async () => {
    const call = start('c1');
    expect(dialogs.knows('c1')).toBe(true);
    expect(dialogs.get('c1')).toBe(call);
    expect(dialogs.size).toBe(1);
    await dialogs.flush();
    expect(await store.callRecords.get(call.recordId ?? -1)).toMatchObject({
      callId: 'c1',
      callerName: 'Anna',
      calleeName: 'Boris',
      callerDevice: 'wss JsSIP 3.13.8',
      startedAt: clock.t,
      answeredAt: null,
      endedAt: null,
      result: null,
    });
    clock.t += 5_000;
    dialogs.callAnswered(call, 'softphone-web JsSIP');
    expect(call.state).toBe('confirmed');
    // A failure after the answer (e.g. a late 487 on another branch) changes nothing.
    dialogs.callFailed(call, 487, false);
    expect(dialogs.knows('c1')).toBe(true);
    clock.t += 60_000;
    dialogs.callEnded('c1');
    expect(dialogs.knows('c1')).toBe(false);
    expect(dialogs.size).toBe(0);
    expect(await record('c1')).toMatchObject({
      answeredAt: 1_700_000_005_000,
      calleeDevice: 'softphone-web JsSIP',
      endedAt: 1_700_000_065_000,
      result: 'answered',
      status: 200,
    });
    dialogs.callEnded('c1'); // a retransmitted BYE
    expect((await record('c1'))?.endedAt).toBe(1_700_000_065_000);
  });

  it.each([
    [486, false, 'busy'],
    [600, false, 'busy'],
    [603, false, 'declined'],
    [487, false, 'cancelled'],
    [480, true, 'cancelled'],
    [480, false, 'no-answer'],
    [408, false, 'no-answer'],
    [404, false, 'failed'],
    [500, false, 'failed'],
  ] as const)(
    'records a failed call %i (cancelled=%s) as %s',
    async (status, cancelled, result) => {
      const call = start('c');
      clock.t += 1_000;
      dialogs.callFailed(call, status, cancelled);
      expect(dialogs.knows('c')).toBe(false);
      expect(await record('c')).toMatchObject({
        result,
        status,
        answeredAt: null,
        endedAt: clock.t,
      });
    },
  );

  it("counts each company's calls in progress for its quota, and asks before a new one", () => {
    const seen: number[] = [];
    const limited = new DialogTracker(
      new WriteBehind(store, { batchMs: 0 }),
      () => clock.t,
      (_call, active) => {
        seen.push(active);
        if (active >= 2) throw new Error('quota');
      },
    );
    const call = (callId: string) =>
      limited.callStarted({
        callId,
        companyId,
        callerNumber: '0100001',
        callerName: 'Anna',
        calleeNumber: '0100002',
        calleeName: 'Boris',
        callerDevice: 'udp',
      });
    const first = call('q1');
    call('q2');
    expect(() => call('q3')).toThrow('quota');
    expect(limited.activeCalls(companyId)).toBe(2);
    limited.callFailed(first, 486, false);
    expect(limited.activeCalls(companyId)).toBe(1);
    call('q4');
    expect(seen).toEqual([0, 1, 2, 1]);
    expect(limited.activeCalls(companyId + 1)).toBe(0);
  });

  it('knows allowed non-INVITE dialogs until they expire', () => {
    expect(dialogs.knows('sub-1')).toBe(false);
    dialogs.allowDialog('sub-1', 60);
    expect(dialogs.knows('sub-1')).toBe(true);
    clock.t += 59_999;
    expect(dialogs.knows('sub-1')).toBe(true);
    clock.t += 1;
    expect(dialogs.knows('sub-1')).toBe(false);
    dialogs.allowDialog('sub-1', 60);
    expect(dialogs.knows('sub-1')).toBe(true);
  });

  it('sweeps old dialogs, closing their call records', async () => {
    const early = start('early');
    const confirmed = start('confirmed');
    dialogs.callAnswered(confirmed, null);
    dialogs.allowDialog('sub', 10);
    clock.t += 12 * 3600_000 + 1;
    dialogs.sweep();
    expect(dialogs.size).toBe(0);
    expect(dialogs.knows('sub')).toBe(false);
    await dialogs.flush();
    expect(await store.callRecords.get(early.recordId ?? -1)).toMatchObject({
      result: 'failed',
      status: null,
    });
    expect(await store.callRecords.get(confirmed.recordId ?? -1)).toMatchObject({
      result: 'answered',
    });
  });
});

describe('DialogTracker call-record batching', () => {
  it('writes the records of many calls in one transaction after a short delay', async () => {
    const store = await openSqliteStore(':memory:');
    const companyId = (await store.companies.create({ name: 'Batch' })).id;
    const dialogs = new DialogTracker(new WriteBehind(store, { batchMs: 10 }), Date.now);
    const company = store.forCompany(companyId);
    for (const callId of ['b1', 'b2', 'b3']) {
      dialogs.callStarted({
        callId,
        companyId,
        callerNumber: '0100001',
        callerName: 'Anna',
        calleeNumber: '0100002',
        calleeName: 'Boris',
        callerDevice: 'udp',
      });
    }
    expect(await company.callRecords.list()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(await company.callRecords.list()).toHaveLength(3);
    dialogs.callEnded('b2');
    await dialogs.flush();
    expect(await store.callRecords.getByCallId('b2')).toMatchObject({ result: 'answered' });
    await store.close();
  });
});
