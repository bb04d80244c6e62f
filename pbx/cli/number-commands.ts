import type { Command } from 'commander';
import { e164Schema } from '../../shared/api';
import { sipNumberView } from '../api/views';
import { SIP_NUMBER_PATTERN } from '../directory';
import {
  CALLER_ID_MODES,
  type CallerIdMode,
  type CompanyStore,
  type SipNumberSettings,
  type SipNumberWithOwner,
} from '../store';
import { runCli, type CliRun } from './command-io';
import {
  companyOfData,
  dataIo,
  dataOptions,
  type DataContext,
  type DataOptions,
} from './data-options';

export type NumberCommandContext = DataContext;

interface NumberOptions extends DataOptions {
  json?: boolean;
}

interface SetOptions extends NumberOptions {
  channels?: string;
  multiterminal?: string;
  newestDeviceWins?: string;
  enabled?: string;
  callerIdMode?: string;
  callerIdNumber?: string;
  employeeMayChange?: string;
}

/** What `number set` can change. */
type NumberPatch = Partial<
  Pick<
    SipNumberSettings,
    | 'channels'
    | 'multiTerminal'
    | 'newestDeviceWins'
    | 'enabled'
    | 'callerIdMode'
    | 'fixedCallerId'
    | 'employeeMayChooseCallerId'
  >
>;

const NOTHING_TO_CHANGE =
  'nothing to change: give --channels, --multiterminal, --newest-device-wins, --enabled, ' +
  '--caller-id-mode, --caller-id-number or --employee-may-change';

/**
 * Adds `number show|set` to a program. Call it after the program's configureOutput and
 * exitOverride: output and errors go through the root command, one line per error, exit 1.
 * A running server applies a change as soon as its change stream brings it.
 */
export function registerNumberCommands(program: Command, ctx: NumberCommandContext = {}): void {
  const env = ctx.env ?? process.env;
  const now = ctx.now ?? Date.now;
  const { print, withData, fail } = dataIo(program, ctx);
  const checkNumber = (number: string): void => {
    if (!SIP_NUMBER_PATTERN.test(number)) {
      fail(`"${number}" is not a SIP number (seven digits with a leading zero, e.g. 0462626)`);
    }
  };
  const lookup = async (company: CompanyStore, number: string): Promise<SipNumberWithOwner> =>
    (await company.sipNumbers.get(number)) ?? fail(`no SIP number ${number}`);
  const output = (number: SipNumberWithOwner, json?: boolean): void =>
    print(json ? JSON.stringify(numberJson(number)) : formatNumber(number));

  const sipNumber = program.command('number').description("show or change a SIP number's settings");
  const withNumberOptions = (cmd: Command): Command =>
    dataOptions(
      cmd
        .argument('<number>', 'the SIP number, e.g. 0462626')
        .option('--json', 'print the settings as one JSON line'),
      env,
    );

  withNumberOptions(sipNumber.command('show').description("print a SIP number's settings")).action(
    (number: string, o: NumberOptions) => {
      checkNumber(number);
      return withData(o, async (store) =>
        output(await lookup(await companyOfData(store, o.company), number), o.json),
      );
    },
  );

  withNumberOptions(
    sipNumber
      .command('set')
      .description('change a SIP number; a running server applies it at once')
      .option('--channels <n>', 'simultaneous conversations, 1 to 10')
      .option('--multiterminal <on|off>', 'up to 4 devices at once, all ringing')
      .option(
        '--newest-device-wins <on|off>',
        'multi-terminal off: a new device takes the place, the old one is dropped and told',
      )
      .option('--enabled <on|off>', 'off drops its devices and refuses its calls')
      .option('--caller-id-mode <mode>', `outgoing caller ID: ${CALLER_ID_MODES.join(', ')}`)
      .option(
        '--caller-id-number <e164|none>',
        "the fixed caller ID, one of the company's numbers; none: the default number",
      )
      .option(
        '--employee-may-change <on|off>',
        'the employee may choose the caller ID in the softphone (fixed mode)',
      ),
  ).action((number: string, o: SetOptions) => {
    checkNumber(number);
    const patch = parsePatch(o);
    if (typeof patch === 'string') return fail(patch);
    return withData(o, async (store) => {
      const company = await companyOfData(store, o.company);
      const updated = await company.withTransaction(async (tx) => {
        const current = await lookup(tx, number);
        const fixed = patch.fixedCallerId;
        if (fixed && !(await tx.companyNumbers.getByNumber(fixed))) {
          fail(`--caller-id-number: ${fixed} is not one of the company's numbers`);
        }
        const next =
          (await tx.sipNumbers.updateSettings(number, patch)) ?? fail(`no SIP number ${number}`);
        await tx.audit.append({
          actor: 'cli',
          action: 'sip-number.update',
          target: `employee ${current.employeeId} (${number})`,
          before: pick(current, patch),
          after: pick(next, patch),
          at: now(),
        });
        return { ...next, employeeName: current.employeeName };
      });
      output(updated, o.json);
    });
  });
}

/** The options of `number set` as a patch, or the one line saying what is wrong. */
function parsePatch(o: SetOptions): NumberPatch | string {
  const patch: NumberPatch = {};
  if (o.channels !== undefined) {
    const channels = /^\d+$/.test(o.channels) ? Number(o.channels) : NaN;
    if (!(channels >= 1 && channels <= 10)) {
      return '--channels: must be a whole number from 1 to 10';
    }
    patch.channels = channels;
  }
  for (const [option, key, value] of [
    ['--multiterminal', 'multiTerminal', o.multiterminal],
    ['--newest-device-wins', 'newestDeviceWins', o.newestDeviceWins],
    ['--enabled', 'enabled', o.enabled],
    ['--employee-may-change', 'employeeMayChooseCallerId', o.employeeMayChange],
  ] as const) {
    if (value === undefined) continue;
    if (value !== 'on' && value !== 'off') return `${option}: must be on or off`;
    patch[key] = value === 'on';
  }
  if (o.callerIdMode !== undefined) {
    if (!(CALLER_ID_MODES as readonly string[]).includes(o.callerIdMode)) {
      return `--caller-id-mode: must be one of ${CALLER_ID_MODES.join(', ')}`;
    }
    patch.callerIdMode = o.callerIdMode as CallerIdMode;
  }
  if (o.callerIdNumber !== undefined) {
    if (o.callerIdNumber === 'none') {
      patch.fixedCallerId = null;
    } else {
      const parsed = e164Schema.safeParse(o.callerIdNumber);
      if (!parsed.success) return `--caller-id-number: ${parsed.error.issues[0]!.message}`;
      patch.fixedCallerId = parsed.data;
    }
  }
  if (Object.keys(patch).length === 0) return NOTHING_TO_CHANGE;
  return patch;
}

/** The settings as the Admin API shows them, with the owner's name; never the HA1. */
function numberJson(number: SipNumberWithOwner) {
  const { number: sipNumber, ...settings } = sipNumberView(number);
  return { number: sipNumber, employeeName: number.employeeName, ...settings };
}

/** The aligned block `show` and `set` print. */
function formatNumber(number: SipNumberWithOwner): string {
  const view = numberJson(number);
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  const rows: [string, string][] = [
    ['Employee', view.employeeName],
    ['Enabled', onOff(view.enabled)],
    ['Multi-terminal', onOff(view.multiTerminal)],
    ['Newest device wins', onOff(view.newestDeviceWins)],
    ['Channels', String(view.channels)],
    ['Caller ID mode', view.callerIdMode],
    ['Fixed caller ID', view.fixedCallerId ?? 'none'],
    ['Employee may choose', view.employeeMayChooseCallerId ? 'yes' : 'no'],
    ['International calls', view.internationalAllowed ? 'allowed' : 'refused'],
    ['Premium-rate calls', view.premiumAllowed ? 'allowed' : 'refused'],
    ['Password changed at', view.passwordChangedAt],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `SIP number ${view.number}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join('\n');
}

/** Only the fields the patch names: the audit entry's before and after. */
function pick(number: SipNumberSettings, patch: NumberPatch): NumberPatch {
  const keys = Object.keys(patch) as (keyof NumberPatch)[];
  return Object.fromEntries(keys.map((key) => [key, number[key]])) as NumberPatch;
}

/** Runs the number commands on argv (without "node script") with output captured: for tests. */
export function runNumberCli(argv: string[], ctx: NumberCommandContext = {}): Promise<CliRun> {
  return runCli(argv, (program) => registerNumberCommands(program, ctx));
}
