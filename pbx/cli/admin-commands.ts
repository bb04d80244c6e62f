import { join } from 'node:path';
import type { Command } from 'commander';
import { auditAdminReset, resetAdminPassword } from '../directory';
import { createLogger } from '../log';
import { createMailer, type MailDelivery } from '../mail';
import { adminPasswordMessage } from '../mail/admin-password-message';
import { runCli, type CliRun } from './command-io';
import { dataIo, dataOptions, type DataContext, type DataOptions } from './data-options';

interface ResetOptions extends DataOptions {
  email?: boolean;
  smtpUrl?: string;
  mailFrom?: string;
  json?: boolean;
}

/**
 * Adds `admin reset-password EMAIL`: the way back for an admin who lost their password. The new
 * password is printed once; with --email it is also mailed (SMTP, else the data directory's
 * outbox, which the output then says is not e-mailed).
 */
export function registerAdminCommands(program: Command, ctx: DataContext = {}): void {
  const env = ctx.env ?? process.env;
  const now = ctx.now ?? Date.now;
  const { print, withData, fail } = dataIo(program, ctx);
  const admin = program.command('admin').description("companies' admin accounts");
  dataOptions(
    admin
      .command('reset-password')
      .argument('<email>', "the admin's e-mail (their sign-in)")
      .description('give an admin a new password, printed once; their sign-ins end')
      .option('--email', 'also e-mail the new password to the admin')
      .option(
        '--smtp-url <url>',
        'smtp[s]://user:password@host:port to e-mail through; without it the message is saved in DATA_DIR/outbox (env PBX_SMTP_URL)',
        env.PBX_SMTP_URL,
      )
      .option('--mail-from <address>', 'the sender (default PBX <noreply@DOMAIN>)')
      .option('--json', 'print {"email","password","mail"} as one JSON line'),
    env,
    { company: false },
  ).action((email: string, o: ResetOptions) => {
    if (o.email && !o.smtpUrl && !o.dataDir) {
      return fail('--email needs --smtp-url (or PBX_SMTP_URL), or --data-dir for the outbox');
    }
    return withData(o, async (store) => {
      const reset = await resetAdminPassword(store, email);
      let delivery: MailDelivery | undefined;
      if (o.email) {
        const domain = (await store.settings.get('domain')) ?? 'localhost';
        const mailer = createMailer({
          smtpUrl: o.smtpUrl,
          from: o.mailFrom ?? `PBX <noreply@${domain}>`,
          outboxDir: join(o.dataDir ?? '.', 'outbox'),
          logger: createLogger('silent'),
        });
        try {
          const content = adminPasswordMessage({ email: reset.email, password: reset.password });
          delivery = await mailer.send({ to: reset.email, ...content });
        } catch (error) {
          print(`The e-mail could not be sent: ${(error as Error).message}`);
        } finally {
          mailer.close();
        }
      }
      const mail = delivery?.outcome ?? null;
      await auditAdminReset(store, reset, { actor: 'cli', mail, at: now() });
      if (o.json)
        return print(JSON.stringify({ email: reset.email, password: reset.password, mail }));
      print(
        [
          `New password for admin ${reset.email} (company ${reset.companyId}); their sign-ins ended.`,
          `  Password  ${reset.password}`,
          'The password is shown only now; only its hash is stored.',
          ...(mail === 'sent' ? ['It was e-mailed to the admin.'] : []),
          ...(mail === 'saved-to-outbox'
            ? [`No SMTP server is set: the message was saved in ${delivery?.file}, not e-mailed.`]
            : []),
        ].join('\n'),
      );
    });
  });
}

export function runAdminCli(argv: string[], ctx: DataContext = {}): Promise<CliRun> {
  return runCli(argv, (program) => registerAdminCommands(program, ctx));
}
