import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  requestSchemas,
  type RequestArgs,
  type RequestChannel,
  type RequestResult,
} from '../../shared/ipc-contract';
import type { TrustedUrl } from '../renderer-location';

export type RequestHandler<C extends RequestChannel> = (
  ...args: RequestArgs<C>
) => RequestResult<C> | Promise<RequestResult<C>>;

export interface Logger {
  warn(message: string): void;
}

/** Registers typed request handlers; the only place `ipcMain` is used. */
export interface IpcMainRouter {
  handle<C extends RequestChannel>(channel: C, handler: RequestHandler<C>): void;
}

/**
 * Every handler only runs for a call from our own page (GitHub Desktop `isTrustedIPCSender`)
 * whose arguments match the channel's schema (Mattermost `ipcValidate`); anything else is
 * dropped, logged without its values (they may hold a password), and the call rejects.
 */
export function createIpcMain(isTrusted: TrustedUrl, log: Logger = console): IpcMainRouter {
  return {
    handle(channel, handler) {
      ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
        const sender = event.senderFrame?.url;
        if (!isTrusted(sender)) {
          log.warn(`ipc ${channel}: dropped a call from an untrusted sender (${originOf(sender)})`);
          throw new Error(`${channel}: refused`);
        }
        const parsed = requestSchemas[channel].safeParse(args);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '-'}: ${i.code}`);
          log.warn(`ipc ${channel}: dropped a call with invalid arguments (${issues.join('; ')})`);
          throw new Error(`${channel}: invalid arguments`);
        }
        return handler(...(parsed.data as RequestArgs<typeof channel>));
      });
    },
  };
}

/** Enough of a sender's URL to recognise it in a log, without its path or query. */
function originOf(url: string | undefined): string {
  if (!url || !URL.canParse(url)) return 'no frame';
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
}
