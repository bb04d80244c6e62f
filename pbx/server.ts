import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator } from './auth/authenticator';
import type { PbxConfig } from './config';
import { createLogger, type Logger } from './log';
import { createHttpApp } from './http/http-app';
import { BindingTable } from './registrar/bindings';
import { enforceNumberSettings } from './registrar/enforce';
import { loadNumberingTable } from './numbering';
import { createCallerIdResolver } from './trunk/caller-id';
import { Trunk } from './trunk/trunk';
import { MediaBridge } from './media/media-bridge';
import { Registrar } from './registrar/registrar';
import { DialogTracker } from './routing/dialogs';
import { LocalIdentity } from './routing/local-identity';
import { RequestPipeline } from './routing/pipeline';
import { StatelessRelay } from './routing/relay';
import { TransactionLayer } from './sip/transaction';
import type { SipMessage } from './sip/message';
import type { ConnectionFlow } from './sip/transport/connection-flow';
import type { Flow } from './sip/transport/flow';
import { TransportLayer } from './sip/transport/transport-layer';
import type { Change, Store } from './store/store';
import { WriteBehind } from './store';
import { Directory, Tenancy } from './directory';
import { sipTraceLogger } from './sip-trace';
import {
  ApiEventBus,
  attachEventsSocket,
  SessionService,
  type ApiDeps,
  type MailSender,
  type SessionOptions,
  type SipEndpoints,
} from './api';
import { createMailer } from './mail';

export interface PbxOptions extends Omit<PbxConfig, 'dataDir'> {
  store: Store;
  logger?: Logger;
  /** The built web softphone served at `/` (default: out/renderer). */
  rendererDir?: string;
  /** Sees every SIP message received, after parsing (benchmarks time requests with it). */
  observeMessage?: (message: SipMessage, flow: Flow) => void;
  /** Test hook: faster WebSocket pings. */
  wsPingIntervalMs?: number;
  /** Where credentials e-mails are saved when no SMTP server is configured. */
  outboxDir: string;
  /** Test hook: another mail sender. */
  mailer?: MailSender;
  /** Where an imported numbering table lives (`numbering import`); the shipped one otherwise. */
  numberingDir?: string;
  /** Test hook: the regions of a number, instead of the numbering table's. */
  regionsOf?: (e164: string) => string[];
  /** Test hook: the random source of the random caller-ID modes. */
  random?: () => number;
  /** Test hook: API session and sign-in throttling settings. */
  apiSessions?: Omit<SessionOptions, 'store' | 'realm'>;
}

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
  /** Drops every binding of a SIP number (employee deleted or number disabled). */
  dropNumber(sipNumber: string): number;
  /** The media bridge, when rtpengine is configured. */
  media?: MediaBridge;
  stop(): Promise<void>;
}

/** Starts the PBX: SIP on UDP, TCP (and TLS), SIP over WebSocket on the HTTP port. */
export async function startPbx(options: PbxOptions): Promise<RunningPbx> {
  const log = options.logger ?? createLogger(options.logLevel);
  const { store } = options;
  const trace = options.sipTrace ? sipTraceLogger(log) : undefined;
  const apiEvents = new ApiEventBus();
  const directory = await Directory.open(store, {
    onError: (err) => log.error({ err }, 'directory reload failed'),
  });
  const tenancy = new Tenancy(directory);
  const bindings = new BindingTable({
    onAdded: (binding) => {
      tenancy.deviceAdded(binding);
      announceDevices(directory, apiEvents, binding.sipNumber);
    },
    onRemoved: (binding) => {
      tenancy.deviceRemoved(binding);
      log.debug({ sipNumber: binding.sipNumber, device: binding.deviceKind }, 'binding removed');
      announceDevices(directory, apiEvents, binding.sipNumber);
    },
  });
  const transactions = new TransactionLayer({
    onRequest: (request, tx, flow) => pipeline.handle(request, tx, flow),
    onStrayResponse: (response) => relay.relayResponse(response),
  });
  const transport = new TransportLayer({
    onMessage: (message, flow) => {
      trace?.(message, flow, 'in');
      options.observeMessage?.(message, flow);
      transactions.receive(message, flow);
    },
    onFlowClosed: (flow: ConnectionFlow) => {
      bindings.removeFlow(flow.id);
      trunk?.connectionClosed(flow.id);
    },
    wsPingIntervalMs: options.wsPingIntervalMs,
  });

  const tls =
    options.tlsCertFile && options.tlsKeyFile
      ? { cert: readFileSync(options.tlsCertFile), key: readFileSync(options.tlsKeyFile) }
      : undefined;
  const host = options.listenHost;
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const mailer =
    options.mailer ??
    createMailer({
      smtpUrl: options.smtpUrl,
      from: options.mailFrom ?? `PBX <noreply@${options.domain}>`,
      outboxDir: options.outboxDir,
      logger: log.child({ module: 'mail' }),
    });
  const numbering = loadNumberingTable(options.numberingDir);
  const regionsOf = options.regionsOf ?? ((e164: string) => numbering.regionsOf(e164));
  const sessions = new SessionService({ store, realm: options.domain, ...options.apiSessions });
  const api: ApiDeps = {
    store,
    directory,
    tenancy,
    bindings,
    events: apiEvents,
    sessions,
    mailer,
    realm: options.domain,
    endpoints: () => sipEndpoints,
    log,
    regions: () => numbering.allRegions(),
    regionsOf,
  };
  const httpApp = await createHttpApp({ rendererDir, logger: log, api });
  transport.attachWebSocket(httpApp.server, false);
  const eventSockets = [attachEventsSocket(httpApp.server, sessions, apiEvents)];
  await httpApp.listen({ host, port: options.httpPort });
  const httpPort = (httpApp.server.address() as AddressInfo).port;
  const sipPort = await transport.listenSip(host, options.sipPort);
  let sipTlsPort: number | undefined;
  let httpsPort: number | undefined;
  let httpsApp: Awaited<ReturnType<typeof createHttpApp>> | undefined;
  if (tls) {
    sipTlsPort = await transport.listenStream(host, options.sipTlsPort, tls);
    httpsApp = await createHttpApp({ rendererDir, logger: log, https: tls, api });
    transport.attachWebSocket(httpsApp.server as unknown as http.Server, true);
    eventSockets.push(
      attachEventsSocket(httpsApp.server as unknown as http.Server, sessions, apiEvents),
    );
    await httpsApp.listen({ host, port: options.httpsPort });
    httpsPort = (httpsApp.server.address() as AddressInfo).port;
  }

  const advertised =
    options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const identity = new LocalIdentity(
    advertised,
    options.domain,
    { udp: sipPort, tcp: sipPort, tls: sipTlsPort, ws: httpPort, wss: httpsPort },
    [host, '127.0.0.1', 'localhost'],
  );
  const sipEndpoints: SipEndpoints = {
    server: advertised,
    domain: options.domain,
    ports: {
      udp: sipPort,
      tcp: sipPort,
      tls: sipTlsPort ?? null,
      ws: httpPort,
      wss: httpsPort ?? null,
    },
  };
  const relay = new StatelessRelay(transport, identity);
  const writes = new WriteBehind(store, {
    onError: (err, what) => log.error({ err }, `call-record ${what} failed`),
  });
  const dialogs = new DialogTracker(writes, Date.now, (call, active) =>
    tenancy.admitCall(call, active),
  );
  const media = options.rtpengine ? new MediaBridge({ ...options.rtpengine, log }) : undefined;
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
        media,
        log,
      })
    : undefined;
  const pipeline = new RequestPipeline({
    trunk,
    media,
    directory,
    tenancy,
    identity,
    transport,
    transactions,
    authenticator: new Authenticator({
      realm: options.domain,
      lookupHa1: (username) => directory.sipNumbers.get(username)?.ha1,
    }),
    registrar: new Registrar({ bindings, minExpires: options.minExpires }),
    bindings,
    dialogs,
    relay,
    ringTimeoutMs: options.ringTimeoutSeconds * 1000,
    sessionExpiresSeconds: options.sessionExpiresSeconds,
    log,
  });

  trunk?.routeTransfersWith((invite, upstream, caller, sipNumber) =>
    pipeline.ringNumber(invite, upstream, caller, sipNumber),
  );
  const dropNumber = (sipNumber: string) => bindings.removeNumber(sipNumber);
  // A change from anywhere (the API, the CLI, another node) applies to the devices at once.
  const origin = store.changes().origin;
  const stopWatching = directory.onUpdate(({ change, sipNumbers }) => {
    for (const sipNumber of sipNumbers) {
      enforceNumberSettings(bindings, sipNumber, tenancy.admissible(sipNumber));
    }
    if (change.origin !== origin) announceExternalChange(apiEvents, change);
  });
  const sweeper = setInterval(() => {
    bindings.sweep();
    dialogs.sweep();
  }, 1000);
  sweeper.unref();

  log.info({ httpPort, sipPort, sipTlsPort, httpsPort, domain: options.domain }, 'PBX listening');
  return {
    ports: { http: httpPort, sip: sipPort, sipTls: sipTlsPort, https: httpsPort },
    bindings,
    transport,
    dialogs,
    directory,
    apiEvents,
    httpServer: httpApp.server,
    dropNumber,
    media,
    async stop() {
      clearInterval(sweeper);
      stopWatching();
      for (const sockets of eventSockets) sockets.close();
      await dialogs.flush();
      trunk?.close();
      transactions.close();
      await media?.close();
      await transport.close();
      await Promise.all([httpApp.close(), httpsApp?.close()]);
      await dialogs.close(); // calls the closing connections ended, then no more writes
      directory.close();
    },
  };
}

/** Tells live-update sockets that a number's devices changed (skipped when nobody listens). */
function announceDevices(directory: Directory, events: ApiEventBus, sipNumber: string): void {
  if (events.idle) return;
  const number = directory.sipNumbers.get(sipNumber);
  if (number) {
    events.publish(number.companyId, {
      type: 'devices-changed',
      employeeId: number.employeeId,
      sipNumber,
    });
  }
}

/** A change another process made: the company's live-update sockets re-read what it names. */
function announceExternalChange(events: ApiEventBus, change: Change): void {
  if (events.idle || change.companyId === null) return;
  if (change.entity === 'company-number') {
    events.publish(change.companyId, { type: 'company-numbers-changed' });
  } else if (['employee', 'sip-number', 'absence', 'region-rule'].includes(change.entity)) {
    events.publish(change.companyId, { type: 'employees-changed' });
  }
}
