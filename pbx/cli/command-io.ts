import { Command, CommanderError } from 'commander';
import { DirectoryError } from '../directory';
import type { Store } from '../store';

/** What a CLI command prints and how it fails, all through the program's root command. */
export interface CommandIo {
  /** Writes one line to the root command's stdout. */
  print: (text: string) => void;
  /** Runs fn on the data directory's store, turning any failure into one line on stderr. */
  withStore: (dataDir: string, fn: (store: Store) => void) => void;
  /** Prints `error: message` on stderr and exits 1 (throws CommanderError under exitOverride). */
  fail: (message: string) => never;
}

/**
 * The output helpers for commands registered on program. Call it after the program's
 * configureOutput and exitOverride: output and errors go through the root command.
 */
export function commandIo(program: Command, openStore: (dataDir: string) => Store): CommandIo {
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
  const withStore = (dataDir: string, fn: (store: Store) => void): void => {
    let store: Store;
    try {
      store = openStore(dataDir);
    } catch (error) {
      return fail(`cannot open data directory ${dataDir}: ${messageOf(error)}`);
    }
    try {
      fn(store);
    } catch (error) {
      if (error instanceof CommanderError) throw error;
      fail(messageOf(error));
    } finally {
      store.close();
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
export function runCli(argv: string[], register: (program: Command) => void): CliRun {
  let stdout = '';
  let stderr = '';
  const program = new Command('pbx')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  register(program);
  try {
    program.parse(argv, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, stdout, stderr };
    throw error;
  }
}
