import type { Command } from 'commander';
import { DEFAULT_CONFIG, type PbxConfig } from '../config';

const env = process.env;

/** The hostile-load limits and edge checks of `pbx serve` (README "Limits"), each also a PBX_* variable. */
const NUMBER_OPTIONS = [
  [
    'maxConnections',
    '--max-connections <n>',
    'open connections in all: SIP over TCP/TLS, HTTP(S), WebSocket',
    'PBX_MAX_CONNECTIONS',
  ],
  [
    'maxConnectionsPerAddress',
    '--max-connections-per-address <n>',
    'open connections from one IP address',
    'PBX_MAX_CONNECTIONS_PER_ADDRESS',
  ],
  [
    'maxMessageBytes',
    '--max-message-bytes <n>',
    'the largest SIP message on a connection; a larger one closes it',
    'PBX_MAX_MESSAGE_BYTES',
  ],
  [
    'maxBufferedBytes',
    '--max-buffered-bytes <n>',
    'bytes of unfinished messages on all connections together',
    'PBX_MAX_BUFFERED_BYTES',
  ],
  [
    'readTimeoutSeconds',
    '--read-timeout <seconds>',
    'a begun message, or HTTP request headers, must be complete within this',
    'PBX_READ_TIMEOUT',
  ],
  [
    'untrustedMessagesPerSecond',
    '--untrusted-messages-per-second <n>',
    'messages a second one SIP connection may send before it authenticates; past it the connection is read later and what it sent meanwhile is dropped',
    'PBX_UNTRUSTED_MESSAGES_PER_SECOND',
  ],
  [
    'untrustedMessagesPerSecondTotal',
    '--untrusted-messages-per-second-total <n>',
    'messages a second all SIP connections that have not authenticated may send together',
    'PBX_UNTRUSTED_MESSAGES_PER_SECOND_TOTAL',
  ],
  [
    'idleTimeoutSeconds',
    '--idle-timeout <seconds>',
    'a SIP connection that never authenticated is closed after this long silent',
    'PBX_IDLE_TIMEOUT',
  ],
  [
    'maxTransactionsPerAddress',
    '--max-transactions-per-address <n>',
    'SIP transactions one address may have open',
    'PBX_MAX_TRANSACTIONS_PER_ADDRESS',
  ],
  [
    'maxDialogsPerAddress',
    '--max-dialogs-per-address <n>',
    'calls and dialogs one device address may have open',
    'PBX_MAX_DIALOGS_PER_ADDRESS',
  ],
  [
    'apiBodyLimitBytes',
    '--api-body-limit <bytes>',
    'the largest HTTP API request body',
    'PBX_API_BODY_LIMIT',
  ],
  [
    'signInConcurrency',
    '--sign-in-concurrency <n>',
    'admin password checks (scrypt) run at once; default half the CPU cores',
    'PBX_SIGN_IN_CONCURRENCY',
  ],
  [
    'maxQueuedSignIns',
    '--max-queued-sign-ins <n>',
    'admin sign-ins waiting their turn, one address a quarter of them; more get 503 with Retry-After',
    'PBX_MAX_QUEUED_SIGN_INS',
  ],
  [
    'maxQueuedWrites',
    '--max-queued-writes <n>',
    'call-record and binding writes kept in memory while the database cannot write (disk full)',
    'PBX_MAX_QUEUED_WRITES',
  ],
] as const;

type LimitKey =
  (typeof NUMBER_OPTIONS)[number][0] | 'allowedOrigins' | 'strictDigestUri' | 'nodeName';

export function addLimitOptions(command: Command): Command {
  for (const [key, flag, help, name] of NUMBER_OPTIONS) {
    command.option(flag, `${help} (env ${name})`, env[name] ?? String(DEFAULT_CONFIG[key]));
  }
  return command
    .option(
      '--allowed-origins <list>',
      'comma-separated origins, beside the PBX own pages and the desktop app, whose pages may open its WebSockets and read its API; * for any (env PBX_ALLOWED_ORIGINS)',
      env.PBX_ALLOWED_ORIGINS ?? '',
    )
    .option(
      '--strict-digest-uri',
      "refuse digest answers whose uri is the server's address rather than the Request-URI, as SIPp sends (env PBX_STRICT_DIGEST_URI=1)",
      env.PBX_STRICT_DIGEST_URI === '1',
    )
    .option(
      '--node-name <name>',
      "this server's name in the database: on start it closes its own call records left open and loads its own UDP bindings; default the host name (env PBX_NODE_NAME)",
      env.PBX_NODE_NAME,
    );
}

/** The parsed options as configuration fields, for the config schema to check. */
export function limitConfig(
  o: Record<string, string | boolean | undefined>,
): Pick<PbxConfig, LimitKey> {
  const numbers = Object.fromEntries(
    NUMBER_OPTIONS.map(([key, flag]) => [key, Number(o[attributeOf(flag)])]),
  );
  const origins = String(o.allowedOrigins ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return {
    ...numbers,
    allowedOrigins: origins,
    strictDigestUri: Boolean(o.strictDigestUri),
    nodeName: o.nodeName === undefined ? undefined : String(o.nodeName),
  };
}

/** The property commander stores an option under: `--read-timeout <s>` → `readTimeout`. */
function attributeOf(flag: string): string {
  const name = flag.split(' ')[0]?.replace(/^--/, '') ?? '';
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
