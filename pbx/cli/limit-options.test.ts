import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, pbxConfigSchema } from '../config';
import { addLimitOptions, limitConfig } from './limit-options';

function parse(args: string[]) {
  let seen: Record<string, string | boolean | undefined> = {};
  const program = new Command().exitOverride();
  const command = program.command('serve').action((o: typeof seen) => void (seen = o));
  addLimitOptions(command);
  program.parse(['node', 'pbx', 'serve', ...args]);
  return limitConfig(seen);
}

describe('the limit options of `pbx serve`', () => {
  it('default to the documented defaults', () => {
    const config = parse([]);
    for (const [key, value] of Object.entries(config)) {
      expect(value, key).toEqual(DEFAULT_CONFIG[key as keyof typeof DEFAULT_CONFIG]);
    }
  });

  it('read every option, the origins as a list', () => {
    const config = parse([
      ...['--max-connections', '500', '--max-connections-per-address', '50'],
      ...['--max-message-bytes', '32768', '--max-buffered-bytes', '1048576'],
      ...['--read-timeout', '5', '--idle-timeout', '20', '--api-body-limit', '4096'],
      ...['--max-transactions-per-address', '300', '--max-dialogs-per-address', '400'],
      ...['--sign-in-concurrency', '3', '--max-queued-sign-ins', '40'],
      ...['--untrusted-messages-per-second', '5', '--untrusted-messages-per-second-total', '500'],
      ...['--max-queued-writes', '5000', '--node-name', 'pbx-2'],
      ...['--allowed-origins', 'https://crm.example.com, https://b.example', '--strict-digest-uri'],
    ]);
    expect(config).toEqual({
      maxConnections: 500,
      maxConnectionsPerAddress: 50,
      maxMessageBytes: 32768,
      maxBufferedBytes: 1048576,
      readTimeoutSeconds: 5,
      idleTimeoutSeconds: 20,
      apiBodyLimitBytes: 4096,
      maxTransactionsPerAddress: 300,
      maxDialogsPerAddress: 400,
      signInConcurrency: 3,
      maxQueuedSignIns: 40,
      untrustedMessagesPerSecond: 5,
      untrustedMessagesPerSecondTotal: 500,
      maxQueuedWrites: 5000,
      nodeName: 'pbx-2',
      allowedOrigins: ['https://crm.example.com', 'https://b.example'],
      strictDigestUri: true,
    });
    const checked = pbxConfigSchema.partial().safeParse(parse(['--max-message-bytes', '10']));
    expect(checked.success).toBe(false);
  });
});
