import { Command, CommanderError } from 'commander';
import type { z } from 'zod';
import { DirectoryError } from '../directory';
import { describeUrl, type Store, type StoreLocation } from '../store';

/** What a CLI command prints and how it fails, all through the program's root command. */
export interface CommandIo {
  /** Writes one line to the root command's stdout. */
  print: (text: string) => void;
  /** Runs fn on the store a location names, turning any failure into one line on stderr. */
  withStore: (location: StoreLocation, fn: (store: Store) => Promise<void>) => Promise<void>;
  /** Prints `error: message` on stderr and exits 1 (throws CommanderError under exitOverride). */
  fail: (message: string) => never;
}

/** A location as a person reads it: the data directory, or the database without its password. */
export const describeLocation = (location: StoreLocation): string =>
  location.kind === 'sqlite' ? `data directory ${location.dir}` : describeUrl(location.url);

/**
 * The output helpers for commands registered on program. Call it after the program's
 * configureOutput and exitOverride: output and errors go through the root command.
 */
export function commandIo(
  program: Command,
  openStore: (location: StoreLocation) => Promise<Store>,
): CommandIo {
  const root = (): Command => {
    let cmd = program;
    while (cmd.parent) cmd = cmd.parent;
    return cmd;
  };
  const print = (text: string): void => {
    const write = root().configureOutput().writeOut ?? ((s: string) => process.stdout.write(s));
    write(`${text}\n`);
  };
  const fail = (message: string): never => root().error(`error: ${message}`, { exitCode: 1 });
  const withStore = async (location: StoreLocation, fn: (store: Store) => Promise<void>) => {
    let store: Store;
    try {
      store = await openStore(location);
    } catch (error) {
      return fail(`cannot open ${describeLocation(location)}: ${messageOf(error)}`);
    }
    try {
      await fn(store);
    } catch (error) {
      if (error instanceof CommanderError) throw error;
      fail(messageOf(error));
    } finally {
      await store.close();
    }
  };
  return { print, withStore, fail };
}

/** The one-line message of anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof DirectoryError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the commands register adds on argv (without "node script") with output captured: for tests. */
export async function runCli(
  argv: string[],
  register: (program: Command) => void,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const program = new Command('pbx')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, stdout, stderr };
    throw error;
  }
}

/**
 * What `schema` makes of an argument, or one line naming it with the schema's own sentence
 * (`"+7495": must be a number in E.164 form, ...`) through `fail`.
 */
export function parsedOrFail<T>(
  schema: z.ZodType<T>,
  argument: string,
  fail: (message: string) => never,
): T {
  const parsed = schema.safeParse(argument);
  return parsed.success ? parsed.data : fail(`"${argument}": ${parsed.error.issues[0]!.message}`);
}
