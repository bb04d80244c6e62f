/**
 * The composition root: `createPbx(options)` builds the whole object graph (SIP core, API
 * services, mail, numbering), binding nothing; `start()` builds the HTTP servers, binds every
 * socket, learns the ports, and only then lets the transport deliver. A message that arrives
 * while the PBX starts is held until then: it never reaches a half-built server.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  ApiEventBus,
  attachEventsSocket,
  SessionService,
  type ApiDeps,
  type MailSender,
  type SessionOptions,
  type SipEndpoints,
} from './api';
import type { PbxConfig } from './config';
import { createHttpApp, DEFAULT_HTTP_EDGE } from './http/http-app';
import { createLogger, type Logger } from './log';
import { createMailer } from './mail';
import type { MediaBridge } from './media/media-bridge';
import { loadNumberingTable } from './numbering';
import { BindingTable } from './registrar/bindings';
import { KeptBindings } from './registrar/kept-bindings';
import { announceDevices, applyDirectoryChanges, tellDropped } from './device-changes';
import type { DialogTracker } from './routing/dialogs';
import { announcePresence } from './presence/presence-announcer';
import { advertisedHost, buildSipCore, type SipCore } from './sip-core';
import { createStats, FaultBarrier, type PbxStats } from './sip/fault-barrier';
import type { SipMessage } from './sip/message';
import type { Flow } from './sip/transport/flow';
import type { TransportLayer } from './sip/transport/transport-layer';
import { StorageHealth, WriteBehind } from './store';
import type { Store } from './store/store';
import { Directory, Tenancy } from './directory';
import type { TimerValues } from './sip/transaction/timers';

export interface PbxOptions extends Omit<PbxConfig, 'dataDir'> {
  store: Store;
  logger?: Logger;
  /** The built web softphone served at `/` (default: out/renderer). */
  rendererDir?: string;
  /** Sees every SIP message received, after parsing (benchmarks time requests with it). */
  observeMessage?: (message: SipMessage, flow: Flow) => void;
  /** Test hook: shorter SIP timers (T1, T2, T4), so a transaction times out within a test. */
  sipTimers?: Partial<TimerValues>;
  /** Test hook: faster WebSocket pings. */
  wsPingIntervalMs?: number;
  /** Where credentials e-mails are saved when no SMTP server is configured. */
  outboxDir: string;
  /** Test hook: another mail sender. */
  mailer?: MailSender;
  /** Where admins' announcement recordings are kept (`<dataDir>/announcements`); none: built-in only. */
  announcementsDir?: string;
  /** Where an imported numbering table lives (`numbering import`); the shipped one otherwise. */
  numberingDir?: string;
  /** Test hook: the regions of a number, instead of the numbering table's. */
  regionsOf?: (e164: string) => string[];
  /** Test hook: the random source of the random caller-ID modes. */
  random?: () => number;
  /** Test hook: API session and sign-in throttling settings. */
  apiSessions?: Omit<SessionOptions, 'store' | 'realm'>;
  /** Test hook: runs once every socket is bound, before any message is delivered. */
  beforeDelivery?: () => Promise<void>;
}

/** Why the PBX ended a call record itself on start: the server that had the call went down. */
export const PBX_RESTARTED = 'PBX restarted';

/** Where `npm run build:renderer` puts the web softphone. */
export const DEFAULT_RENDERER_DIR = resolve(import.meta.dirname, '../out/renderer');

export interface RunningPbx {
  readonly ports: { http: number; sip: number; sipTls?: number; https?: number };
  readonly bindings: BindingTable;
  readonly transport: TransportLayer;
  readonly dialogs: DialogTracker;
  /** What the SIP path reads, kept current by the store's change stream. */
  readonly directory: Directory;
  readonly apiEvents: ApiEventBus;
  readonly httpServer: http.Server;
  /** Counters: faults caught, stray responses dropped, malformed messages, ... */
  readonly stats: PbxStats;
  /** Whether the database writes now (disk full: issue 20), as the Admin tab is told. */
  readonly storage: StorageHealth;
  /** Drops every binding of a SIP number (employee deleted or number disabled). */
  dropNumber(sipNumber: string): number;
  /** The media bridge, when rtpengine is configured. */
  media?: MediaBridge;
  /** The SIP core (transactions, pipeline, trunk...): what the fuzzer's leak census walks. */
  readonly core: SipCore;
  stop(): Promise<void>;
}

/** A PBX built and not yet listening. */
export interface Pbx {
  readonly stats: PbxStats;
  /** Binds every socket, then delivers: SIP on UDP, TCP (and TLS), SIP over WebSocket. */
  start(): Promise<RunningPbx>;
}

/** Builds the PBX's whole object graph; nothing listens until `start`. */
export function createPbx(options: PbxOptions): Pbx {
  const log = options.logger ?? createLogger(options.logLevel);
  const { store } = options;
  const barrier = new FaultBarrier(createStats(), log.child({ module: 'fault-barrier' }));
  const apiEvents = new ApiEventBus();
  // Empty until `start` loads it: nothing reads it before the first message is delivered.
  const directory = Directory.create(store, {
    onError: (err) => log.error({ err }, 'directory reload failed'),
  });
  const tenancy = new Tenancy(directory);
  const storage = new StorageHealth(log.child({ module: 'storage' }));
  // Call records and kept bindings go through the write-behind queue: batched, off the SIP
  // path. A storage problem is StorageHealth's to log (once a minute), drops included.
  const writes = new WriteBehind(store, {
    health: storage,
    maxPending: options.maxQueuedWrites,
    onError: (err, what) => {
      if (what !== 'dropped') log.error({ err }, `call-record ${what} failed`);
    },
  });
  const nodeName = options.nodeName ?? hostname();
  const kept = new KeptBindings(writes, nodeName);
  const bindingsLog = log.child({ module: 'registrar' });
  const bindings = new BindingTable({
    onSaved: (binding, previous) => kept.saved(binding, previous),
    onAdded: (binding) => {
      tenancy.deviceAdded(binding);
      core.doNotDisturb.bindingAdded(binding);
      announceDevices(directory, apiEvents, binding.sipNumber);
    },
    onRemoved: (binding, reason) => {
      kept.removed(binding);
      tenancy.deviceRemoved(binding);
      if (reason) tellDropped(bindings, binding, reason);
      core.presence.bindingRemoved(binding);
      core.doNotDisturb.bindingRemoved(binding);
      bindingsLog.debug({ sipNumber: binding.sipNumber, device: binding.deviceKind }, 'removed');
      announceDevices(directory, apiEvents, binding.sipNumber);
    },
  });
  const numbering = loadNumberingTable(options.numberingDir);
  const regionsOf = options.regionsOf ?? ((e164: string) => numbering.regionsOf(e164));
  const core = buildSipCore({
    options,
    log,
    barrier,
    directory,
    tenancy,
    bindings,
    regionsOf,
    writes,
    nodeName,
  });
  const mailer =
    options.mailer ??
    createMailer({
      smtpUrl: options.smtpUrl,
      from: options.mailFrom ?? `PBX <noreply@${options.domain}>`,
      outboxDir: options.outboxDir,
      logger: log.child({ module: 'mail' }),
    });
  const sessions = new SessionService({
    store,
    realm: options.domain,
    log: log.child({ module: 'api-auth' }),
    queue: { concurrency: options.signInConcurrency, maxQueued: options.maxQueuedSignIns },
    ...options.apiSessions,
  });
  let endpoints: SipEndpoints | undefined;
  const api: ApiDeps = {
    store,
    directory,
    tenancy,
    bindings,
    dialogs: core.dialogs,
    doNotDisturb: core.doNotDisturb,
    events: apiEvents,
    sessions,
    mailer,
    publicUrl: options.publicUrl,
    realm: options.domain,
    endpoints: () => endpoints!,
    log,
    regions: () => numbering.allRegions(),
    regionsOf,
    storage,
    announcements: { recordings: core.announcements, playable: core.media !== undefined },
  };
  const graph: Graph = {
    options,
    log,
    core,
    directory,
    tenancy,
    bindings,
    apiEvents,
    sessions,
    api,
    barrier,
    storage,
    kept,
    nodeName,
  };
  let started = false;
  return {
    stats: barrier.stats,
    async start() {
      if (started) throw new Error('a PBX starts once');
      started = true;
      const running = await listen(graph);
      endpoints = running.endpoints;
      return running.pbx;
    },
  };
}

/** Builds the PBX and starts it (tests, scripts, the benchmark, `serve`). */
export function startPbx(options: PbxOptions): Promise<RunningPbx> {
  return createPbx(options).start();
}

interface Graph {
  options: PbxOptions;
  log: Logger;
  core: SipCore;
  directory: Directory;
  tenancy: Tenancy;
  bindings: BindingTable;
  apiEvents: ApiEventBus;
  sessions: SessionService;
  api: ApiDeps;
  barrier: FaultBarrier;
  storage: StorageHealth;
  kept: KeptBindings;
  nodeName: string;
}

/** Servers built, sockets bound, ports learnt, timers started; then the transport delivers. */
async function listen(graph: Graph): Promise<{ pbx: RunningPbx; endpoints: SipEndpoints }> {
  const { options, log, core, directory, tenancy, bindings, apiEvents, sessions, api, barrier } =
    graph;
  const { storage, kept, nodeName } = graph;
  const { transport, transactions, dialogs, identity, trunk, media } = core;
  const { store } = options;
  const host = options.listenHost;
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  await directory.load();
  // After a crash or kill -9 (issue 20 item 7): the calls this server left open are over, and
  // its UDP devices' bindings come back before anything is delivered.
  const leftOpen = await store.callRecords.endLeftOpen(nodeName, Date.now(), PBX_RESTARTED);
  if (leftOpen > 0) log.warn({ calls: leftOpen }, 'call records left open ended: PBX restarted');
  const keptBindings = await kept.load(store);
  const tls =
    options.tlsCertFile && options.tlsKeyFile
      ? { cert: readFileSync(options.tlsCertFile), key: readFileSync(options.tlsKeyFile) }
      : undefined;
  const edge = {
    bodyLimit: options.apiBodyLimitBytes ?? DEFAULT_HTTP_EDGE.bodyLimit,
    readTimeoutMs: transport.guard.limits.readTimeoutMs,
    allowedOrigins: options.allowedOrigins ?? [],
  };
  const httpApp = await createHttpApp({ rendererDir, logger: log, api, edge });
  const httpsApp = tls
    ? await createHttpApp({ rendererDir, logger: log, https: tls, api, edge })
    : undefined;
  const servers = [httpApp, ...(httpsApp ? [httpsApp] : [])];
  servers.forEach((app, i) => transport.attachWebSocket(app.server as http.Server, i === 1));
  const eventSockets = servers.map((app) =>
    attachEventsSocket(app.server as http.Server, sessions, apiEvents),
  );

  await httpApp.listen({ host, port: options.httpPort });
  const httpPort = (httpApp.server.address() as AddressInfo).port;
  const sipPort = await transport.listenSip(host, options.sipPort);
  const sipTlsPort = tls ? await transport.listenStream(host, options.sipTlsPort, tls) : undefined;
  let httpsPort: number | undefined;
  if (httpsApp) {
    await httpsApp.listen({ host, port: options.httpsPort });
    httpsPort = (httpsApp.server.address() as AddressInfo).port;
  }
  identity.listening({ udp: sipPort, tcp: sipPort, tls: sipTlsPort, ws: httpPort, wss: httpsPort });
  const endpoints: SipEndpoints = {
    server: advertisedHost(options),
    domain: options.domain,
    ports: {
      udp: sipPort,
      tcp: sipPort,
      tls: sipTlsPort ?? null,
      ws: httpPort,
      wss: httpsPort ?? null,
    },
  };

  const stopWatching = applyDirectoryChanges({
    directory,
    bindings,
    tenancy,
    storage,
    presence: core.presence,
    events: apiEvents,
    origin: store.changes().origin,
  });
  const stopPresence = announcePresence({
    directory,
    bindings,
    dialogs,
    doNotDisturb: core.doNotDisturb,
    events: apiEvents,
  });
  const sweeper = setInterval(() => {
    bindings.sweep();
    dialogs.sweep();
    core.callProbe.sweep();
    core.presence.sweep();
  }, 1000);
  sweeper.unref();

  const restored = kept.restore(
    bindings,
    keptBindings,
    (address, port) => transport.udpFlowTo(address, port),
    (sipNumber) => directory.sipNumbers.get(sipNumber) !== undefined,
  );
  if (restored > 0) log.info({ bindings: restored }, 'bindings kept over the restart');
  await options.beforeDelivery?.();
  transport.deliver();
  log.info({ httpPort, sipPort, sipTlsPort, httpsPort, domain: options.domain }, 'PBX listening');
  const pbx: RunningPbx = {
    ports: { http: httpPort, sip: sipPort, sipTls: sipTlsPort, https: httpsPort },
    bindings,
    transport,
    dialogs,
    directory,
    apiEvents,
    httpServer: httpApp.server as http.Server,
    stats: barrier.stats,
    storage,
    dropNumber: (sipNumber) => bindings.removeNumber(sipNumber),
    media,
    core,
    async stop() {
      clearInterval(sweeper);
      stopWatching();
      stopPresence();
      for (const sockets of eventSockets) sockets.close();
      // Bounded: with the disk full the queue would wait for space for ever.
      await Promise.race([dialogs.flush(), new Promise((r) => setTimeout(r, 5000).unref())]);
      core.pipeline.close();
      core.presence.close();
      trunk?.close();
      transactions.close();
      await media?.close();
      await transport.close();
      await Promise.all(servers.map((app) => app.close()));
      await dialogs.close(); // calls the closing connections ended, then no more writes
      directory.close();
    },
  };
  return { pbx, endpoints };
}
