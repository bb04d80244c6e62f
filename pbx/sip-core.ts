/**
 * The SIP side of the PBX as one object graph, built before any socket is bound: transport,
 * transactions, the request route, the number router, in-dialog routing, the trunk and the
 * media bridge. Every dependency is passed in at construction; nothing is wired afterwards.
 */
import { Authenticator } from './auth/authenticator';
import { connectionLimits, DEFAULT_CALL_PROBE_SECONDS } from './config';
import type { Logger } from './log';
import { MediaBridge } from './media/media-bridge';
import { refusalAnnouncer } from './media/announcer-setup';
import { Announcements } from './media/announcements';
import type { BindingTable } from './registrar/bindings';
import { Registrar } from './registrar/registrar';
import { CallProbe } from './routing/call-probe';
import { DialogTracker } from './routing/dialogs';
import { InDialogRouter } from './routing/in-dialog';
import { LocalIdentity } from './routing/local-identity';
import { NumberRouter } from './routing/number-router';
import { DialogEventServer } from './presence/dialog-events';
import { DoNotDisturbTable } from './presence/do-not-disturb';
import { RequestPipeline } from './routing/pipeline';
import { StatelessForwarder } from './routing/stateless';
import type { FaultBarrier } from './sip/fault-barrier';
import type { SipMessage } from './sip/message';
import { TransactionLayer } from './sip/transaction';
import type { Flow } from './sip/transport/flow';
import { PER_DEVICE_ALLOWANCE } from './sip/transport/limits';
import { TransportLayer } from './sip/transport/transport-layer';
import { sipTraceLogger } from './sip-trace';
import type { Directory, Tenancy } from './directory';
import type { WriteBehind } from './store';
import { createCallerIdResolver } from './trunk/caller-id';
import { Trunk } from './trunk/trunk';
import type { PbxOptions } from './server';

export interface SipCore {
  readonly identity: LocalIdentity;
  readonly transport: TransportLayer;
  readonly transactions: TransactionLayer;
  readonly dialogs: DialogTracker;
  /** Dead-call detection: quiet proxied calls are probed (OPTIONS) and ended when a party left. */
  readonly callProbe: CallProbe;
  readonly pipeline: RequestPipeline;
  /** `dialog` event subscriptions (busy-lamp fields): swept, and told of bindings removed. */
  readonly presence: DialogEventServer;
  /** The devices on do-not-disturb, for presence and busy lamps. */
  readonly doNotDisturb: DoNotDisturbTable;
  readonly trunk?: Trunk;
  readonly media?: MediaBridge;
  /** The recordings refused callers hear (played only with the media bridge). */
  readonly announcements: Announcements;
  /** The SIP path's writes: call records and kept UDP bindings. */
  readonly writes: WriteBehind;
}

export interface SipCoreContext {
  options: PbxOptions;
  log: Logger;
  barrier: FaultBarrier;
  /** What the SIP path reads (never the store itself: the SIP path never awaits it). */
  directory: Directory;
  tenancy: Tenancy;
  bindings: BindingTable;
  regionsOf: (e164: string) => string[];
  /** The SIP path's writes (call records, kept bindings): batched, off the SIP path. */
  writes: WriteBehind;
  /** This server's name on its call records (`--node-name`). */
  nodeName?: string;
}

/** The host the PBX writes in Via and Record-Route. */
export function advertisedHost(options: Pick<PbxOptions, 'advertisedHost' | 'listenHost'>): string {
  const host = options.listenHost;
  return options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
}

export function buildSipCore(context: SipCoreContext): SipCore {
  const { options, log, barrier, directory, tenancy, bindings, regionsOf, writes } = context;
  const moduleLog = (module: string) => log.child({ module });
  const trace = options.sipTrace ? sipTraceLogger(log) : undefined;
  const identity = new LocalIdentity(advertisedHost(options), options.domain, {}, [
    options.listenHost,
    '127.0.0.1',
    'localhost',
  ]);
  // The transport hands messages up to the transaction layer, which exists by the time the
  // transport delivers anything (`deliver`, at the end of start).
  const transport: TransportLayer = new TransportLayer({
    onMessage: (message: SipMessage, flow: Flow) => {
      trace?.(message, flow, 'in');
      options.observeMessage?.(message, flow);
      transactions.receive(message, flow);
    },
    onSent: trace && ((message, flow) => trace(message, flow, 'out')),
    onFlowClosed: (flow) => {
      bindings.removeFlow(flow.id);
      trunk?.connectionClosed(flow.id);
      presence.flowClosed(flow.id);
    },
    wsPingIntervalMs: options.wsPingIntervalMs,
    barrier,
    log: moduleLog('transport'),
    limits: connectionLimits(options),
  });
  const transactions: TransactionLayer = new TransactionLayer({
    onRequest: (request, tx, flow) => pipeline.handle(request, tx, flow),
    onStrayResponse: (response) => forwarder.strayResponse(response),
    barrier,
    timers: options.sipTimers,
    maxPerAddress: options.maxTransactionsPerAddress,
    extraFor: (address) => bindings.devicesAt(address) * PER_DEVICE_ALLOWANCE.transactions,
    unlimited: (flow) => trunk?.isCarrier(flow) ?? false,
  });
  const dialogs = new DialogTracker(
    writes,
    () => Date.now(), // read each time, so a test can move the clock
    (call, active) => tenancy.admitCall(call, active),
    context.nodeName,
  );
  const probeIntervalMs = (options.callProbeSeconds ?? DEFAULT_CALL_PROBE_SECONDS) * 1000;
  const callProbe = new CallProbe({
    transactions,
    identity,
    dialogs,
    intervalMs: probeIntervalMs,
    barrier,
  });
  const forwarder = new StatelessForwarder(transport, identity, dialogs, barrier);
  const media = options.rtpengine ? new MediaBridge({ ...options.rtpengine, log }) : undefined;
  const announcements = new Announcements({ customDir: options.announcementsDir });
  const announcer = media && refusalAnnouncer(media, directory, announcements, moduleLog('media'));
  const routingLog = moduleLog('routing');
  const proxy = { identity, transport, transactions, forwarder, barrier, log: routingLog };
  const router = new NumberRouter({
    ...proxy,
    directory,
    bindings,
    dialogs,
    callProbe,
    media,
    ringTimeoutMs: options.ringTimeoutSeconds * 1000,
    sessionExpiresSeconds: options.sessionExpiresSeconds,
    maxDialogsPerAddress: options.maxDialogsPerAddress,
  });
  const trunk = options.trunk
    ? new Trunk({
        config: {
          ...options.trunk,
          username: options.trunkUsername,
          password: options.trunkPassword,
          numberFormat: options.trunkNumberFormat,
        },
        transport,
        transactions,
        identity,
        dialogs,
        callerId: createCallerIdResolver(directory, regionsOf, options.random),
        ringTimeoutMs: options.ringTimeoutSeconds * 1000,
        probeIntervalMs,
        media,
        announcer,
        log: moduleLog('trunk'),
        barrier,
        ringNumber: router.ringNumber,
      })
    : undefined;
  const doNotDisturb = new DoNotDisturbTable(bindings);
  const presence = new DialogEventServer({
    transactions,
    identity,
    dialogs,
    directory,
    doNotDisturb,
    registeredOn: (sipNumber, flowId) =>
      bindings.list(sipNumber).some((binding) => binding.flow.id === flowId),
    barrier,
    log: routingLog,
  });
  const pipeline: RequestPipeline = new RequestPipeline({
    announcer,
    directory,
    tenancy,
    identity,
    authenticator: new Authenticator({
      realm: options.domain,
      // The directory's row carries `ha1`, and `ha1Sha256` for passwords set since migration 6;
      // a device credential (`<number>.<device>`) carries both.
      lookup: (username) =>
        directory.sipNumbers.get(username) ?? directory.deviceCredentials.get(username),
      strictDigestUri: options.strictDigestUri,
      log: moduleLog('auth'),
    }),
    registrar: new Registrar({ bindings, minExpires: options.minExpires }),
    router,
    inDialog: new InDialogRouter({ ...proxy, dialogs, callProbe }),
    presence,
    trunk,
    log: routingLog,
    barrier,
  });
  return {
    identity,
    transport,
    transactions,
    dialogs,
    callProbe,
    pipeline,
    presence,
    doNotDisturb,
    trunk,
    media,
    writes,
    announcements,
  };
}
