import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG, pbxConfigSchema, type PbxConfig } from '../config';
import { createLogger } from '../log';
import type { MediaBridge } from '../media/media-bridge';
import { setSipThreadNice } from '../priority';
import { startPbx } from '../server';
import { installProcessPolicy } from '../process-policy';
import { openStoreAt, parseStoreLocation, type Store, type StoreLocation } from '../store';
import { purgeRemovedCompanies } from '../directory';
import { describeLocation } from './command-io';
import { DEFAULT_DOMAIN } from './defaults';
import { addLimitOptions, limitConfig } from './limit-options';
import { DEFAULT_OUTBOX_RETENTION_DAYS, startOutboxSweeper } from '../mail';
import { ensureDemoCompany } from './demo-company';
import { showFirstStartCredentials } from './first-start-banner';

const env = process.env;
const envNumber = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

/** `pbx serve`: every option also reads a PBX_* environment variable. */
export function registerServeCommand(program: Command): void {
  const command = program
    .command('serve')
    .description(
      'run the PBX: SIP over UDP/TCP/TLS and WebSocket, on an SQLite data directory or PostgreSQL',
    )
    .option(
      '--data-dir <dir>',
      'data directory: pbx.sqlite, the outbox, an imported numbering table (env PBX_DATA_DIR)',
      env.PBX_DATA_DIR ?? '.pbx-data',
    )
    .option(
      '--database <url>',
      'postgres://user:password@host/database instead of pbx.sqlite (env PBX_DATABASE_URL)',
      env.PBX_DATABASE_URL,
    )
    .option(
      '--domain <name>',
      `SIP domain, also the digest realm; stored with new data (default ${DEFAULT_DOMAIN}), and the data's own domain must not change (env PBX_DOMAIN)`,
    )
    .option(
      '--listen <address>',
      'address to listen on (env PBX_LISTEN)',
      env.PBX_LISTEN ?? DEFAULT_CONFIG.listenHost,
    )
    .option(
      '--advertise <host>',
      'host written in Via and Record-Route (env PBX_ADVERTISE)',
      env.PBX_ADVERTISE,
    )
    .option(
      '--http-port <n>',
      'HTTP and SIP over WebSocket (env PBX_HTTP_PORT)',
      String(envNumber('PBX_HTTP_PORT', DEFAULT_CONFIG.httpPort)),
    )
    .option(
      '--sip-port <n>',
      'SIP over UDP and TCP (env PBX_SIP_PORT)',
      String(envNumber('PBX_SIP_PORT', DEFAULT_CONFIG.sipPort)),
    )
    .option(
      '--sip-tls-port <n>',
      'SIP over TLS, with a certificate (env PBX_SIP_TLS_PORT)',
      String(envNumber('PBX_SIP_TLS_PORT', DEFAULT_CONFIG.sipTlsPort)),
    )
    .option(
      '--https-port <n>',
      'HTTPS and SIP over secure WebSocket, with a certificate (env PBX_HTTPS_PORT)',
      String(envNumber('PBX_HTTPS_PORT', DEFAULT_CONFIG.httpsPort)),
    )
    .option(
      '--tls-cert <file>',
      'PEM certificate: enables TLS and WSS (env PBX_TLS_CERT)',
      env.PBX_TLS_CERT,
    )
    .option('--tls-key <file>', 'PEM private key (env PBX_TLS_KEY)', env.PBX_TLS_KEY)
    .option(
      '--ring-timeout <seconds>',
      'how long a call rings (env PBX_RING_TIMEOUT)',
      String(envNumber('PBX_RING_TIMEOUT', DEFAULT_CONFIG.ringTimeoutSeconds)),
    )
    .option(
      '--min-expires <seconds>',
      'shortest registration accepted (env PBX_MIN_EXPIRES)',
      String(envNumber('PBX_MIN_EXPIRES', DEFAULT_CONFIG.minExpires)),
    )
    .option(
      '--session-expires <seconds>',
      'session-timer interval asked for on calls that name none; a call not refreshed in time ends (env PBX_SESSION_EXPIRES)',
      String(envNumber('PBX_SESSION_EXPIRES', DEFAULT_CONFIG.sessionExpiresSeconds)),
    )
    .option(
      '--call-probe <seconds>',
      'a call quiet this long is checked with OPTIONS to both sides and ended if one has gone; 0: never (env PBX_CALL_PROBE)',
      String(envNumber('PBX_CALL_PROBE', DEFAULT_CONFIG.callProbeSeconds ?? 60)),
    )
    .option(
      '--nice <n>',
      "the SIP thread's scheduling priority, -20 (first) to 19; below 0 needs root or CAP_SYS_NICE (env PBX_NICE)",
      env.PBX_NICE,
    )
    .option(
      '--log-level <level>',
      'fatal|error|warn|info|debug|trace|silent (env PBX_LOG_LEVEL)',
      env.PBX_LOG_LEVEL ?? DEFAULT_CONFIG.logLevel,
    )
    .option(
      '--sip-trace',
      'log every SIP message received and sent, at info level (env PBX_SIP_TRACE=1)',
      env.PBX_SIP_TRACE === '1',
    )
    .option(
      '--smtp-url <url>',
      'smtp[s]://user:password@host:port for credentials e-mails; without it they are saved in DATA_DIR/outbox (env PBX_SMTP_URL)',
      env.PBX_SMTP_URL,
    )
    .option(
      '--public-url <origin>',
      "the PBX's address as admins open it (https://pbx.example.com): the password reset e-mail links there (env PBX_PUBLIC_URL)",
      env.PBX_PUBLIC_URL,
    )
    .option(
      '--mail-from <address>',
      "sender of the PBX's e-mail (env PBX_MAIL_FROM)",
      env.PBX_MAIL_FROM,
    )
    .option(
      '--outbox-retention-days <days>',
      'days a credentials e-mail saved in DATA_DIR/outbox is kept before it is deleted (env PBX_OUTBOX_RETENTION_DAYS)',
      String(envNumber('PBX_OUTBOX_RETENTION_DAYS', DEFAULT_CONFIG.outboxRetentionDays!)),
    )
    .option(
      '--trunk <udp|tcp:IP:PORT>',
      'the carrier trunk: outside calls go there, its requests are trusted (env PBX_TRUNK)',
      env.PBX_TRUNK,
    )
    .option(
      '--trunk-user <name>',
      "user name for the carrier's digest challenges; the password only from env PBX_TRUNK_PASSWORD (env PBX_TRUNK_USER)",
      env.PBX_TRUNK_USER,
    )
    .option(
      '--trunk-number-format <format>',
      'e164 (+78121234567), digits (78121234567) or national (88121234567) (env PBX_TRUNK_NUMBER_FORMAT)',
      env.PBX_TRUNK_NUMBER_FORMAT,
    )
    .option(
      '--rtpengine <IP:PORT>',
      "rtpengine's ng socket: the media bridge between softphones and the carrier or IP phones (env PBX_RTPENGINE)",
      env.PBX_RTPENGINE,
    )
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const asked = (o.domain as string | undefined)?.trim() || env.PBX_DOMAIN?.trim() || undefined;
      const parsed = pbxConfigSchema.safeParse({
        dataDir: o.dataDir,
        domain: asked ?? DEFAULT_DOMAIN,
        listenHost: o.listen,
        advertisedHost: o.advertise,
        httpPort: Number(o.httpPort),
        sipPort: Number(o.sipPort),
        sipTlsPort: Number(o.sipTlsPort),
        httpsPort: Number(o.httpsPort),
        tlsCertFile: o.tlsCert,
        tlsKeyFile: o.tlsKey,
        ringTimeoutSeconds: Number(o.ringTimeout),
        minExpires: Number(o.minExpires),
        sessionExpiresSeconds: Number(o.sessionExpires),
        callProbeSeconds: Number(o.callProbe),
        nice: o.nice === undefined ? undefined : Number(o.nice),
        logLevel: o.logLevel,
        sipTrace: Boolean(o.sipTrace),
        smtpUrl: o.smtpUrl,
        mailFrom: o.mailFrom,
        publicUrl: o.publicUrl,
        outboxRetentionDays: Number(o.outboxRetentionDays),
        trunk: o.trunk,
        trunkUsername: o.trunkUser,
        // A password is never a command-line flag: others on the machine could read it.
        trunkPassword: env.PBX_TRUNK_PASSWORD,
        trunkNumberFormat: o.trunkNumberFormat,
        rtpengine: o.rtpengine,
        ...limitConfig(o),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        program.error(
          `error: --${kebab(String(issue?.path[0] ?? 'option'))}: ${issue?.message ?? 'invalid'}`,
        );
        return;
      }
      const database = o.database as string | undefined;
      const location: StoreLocation = database
        ? parseStoreLocation(database)
        : { kind: 'sqlite', dir: parsed.data.dataDir };
      if (database && location.kind !== 'postgres') {
        program.error(`error: --database: "${database}" is not a postgres:// URL`);
        return;
      }
      await serve(parsed.data, location, asked, (message) => program.error(`error: ${message}`));
    });
  addLimitOptions(command);
}

/**
 * The SIP domain the server runs on: the one stored with the data, which no flag changes
 * silently (every stored HA1 is made with it); new data stores the one asked for.
 */
export async function dataDomain(
  store: Store,
  location: StoreLocation,
  asked: string | undefined,
): Promise<{ domain: string; isNew: boolean }> {
  const stored = await store.settings.get('domain');
  if (stored && asked && asked !== stored) {
    throw new Error(
      `the ${describeLocation(location)} has the SIP domain ${stored}, not ${asked}: every stored password hash (HA1) is made with ${stored}, so on ${asked} no device or employee could sign in. Start without --domain (and PBX_DOMAIN), or with --domain ${stored}.`,
    );
  }
  if (stored) return { domain: stored, isNew: false };
  const domain = asked ?? DEFAULT_DOMAIN;
  await store.settings.set('domain', domain);
  return { domain, isNew: true };
}

/** Housekeeping while the server runs: what the retention period no longer keeps, old sessions. */
function startHousekeeping(store: Store, log: ReturnType<typeof createLogger>): () => void {
  const run = () =>
    void Promise.all([purgeRemovedCompanies(store), store.apiSessions.removeExpired(Date.now())])
      .then(([companies]) => {
        if (companies > 0) log.info({ companies }, 'removed companies purged');
      })
      .catch((err: unknown) => log.warn({ err }, 'housekeeping failed'));
  run();
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}

async function serve(
  config: PbxConfig,
  location: StoreLocation,
  askedDomain: string | undefined,
  fail: (message: string) => void,
): Promise<void> {
  const store = await openStoreAt(location, { checkpointInBackground: true });
  let domain: string;
  let isNew: boolean;
  try {
    ({ domain, isNew } = await dataDomain(store, location, askedDomain));
  } catch (error) {
    await store.close();
    fail((error as Error).message);
    return;
  }
  config = { ...config, domain };
  const logger = createLogger(config.logLevel);
  const demo = isNew ? await ensureDemoCompany(store, domain) : null;
  if (demo) {
    await showFirstStartCredentials(demo, {
      terminal: process.stdout.isTTY ? process.stdout : undefined,
      dataDir: config.dataDir,
      notice: (line) => process.stdout.write(`${line}\n`),
    });
  }
  installProcessPolicy(logger);
  const niceWarning = config.nice === undefined ? undefined : setSipThreadNice(config.nice);
  if (niceWarning) logger.warn(niceWarning);
  const outboxDir = join(config.dataDir, 'outbox');
  const stopHousekeeping = startHousekeeping(store, logger);
  const stopOutboxSweeper = startOutboxSweeper({
    outboxDir,
    retentionDays: config.outboxRetentionDays ?? DEFAULT_OUTBOX_RETENTION_DAYS,
    log: logger.child({ module: 'mail' }),
  });
  const pbx = await startPbx({
    ...config,
    store,
    logger,
    outboxDir,
    numberingDir: config.dataDir,
    announcementsDir: join(config.dataDir, 'announcements'),
  });
  process.stdout.write(
    `PBX ready: SIP udp/tcp ${pbx.ports.sip}, WebSocket ws://${publicHost(config)}:${pbx.ports.http}, domain ${config.domain}\n`,
  );
  process.stdout.write(`${await mediaBridgeStatus(pbx.media, config)}\n`);
  const shutdown = () => {
    stopHousekeeping();
    stopOutboxSweeper();
    void pbx
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** One line on the media bridge: what works without it, or whether rtpengine answers. */
async function mediaBridgeStatus(
  media: MediaBridge | undefined,
  config: PbxConfig,
): Promise<string> {
  if (!media || !config.rtpengine) {
    return 'No media bridge (--rtpengine): calls between softphones and the carrier or IP phones have no audio until rtpengine is configured (README: Media bridge).';
  }
  const where = `${config.rtpengine.host}:${config.rtpengine.port}`;
  try {
    await media.ping();
    return `Media bridge: rtpengine at ${where}.`;
  } catch {
    // Why it does not answer is rtpengine's to log; serve starts anyway and says so.
    return `Media bridge: rtpengine at ${where} does not answer; calls that need it are refused until it does.`;
  }
}

/** Where a person on this machine reaches the PBX. */
function publicHost(config: PbxConfig): string {
  const wildcard = config.listenHost === '0.0.0.0' || config.listenHost === '::';
  return wildcard ? (config.advertisedHost ?? '127.0.0.1') : config.listenHost;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/-host$|-file$/, '');
}
