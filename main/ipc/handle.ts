import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { IPC, type MainHandlers } from '../../shared/ipc-contract';
import type { TrustedUrl } from '../renderer-location';

export interface Logger {
  warn(message: string): void;
}

/** Takes main's handlers for every renderer → main channel; the only place `ipcMain` is used. */
export interface IpcMainRouter {
  listen(handlers: MainHandlers): void;
}

type Untyped = (...args: unknown[]) => unknown;

/**
 * Every handler only runs for a message from our own page (GitHub Desktop
 * `isTrustedIPCSender`) whose arguments match the channel's schema (Mattermost `ipcValidate`);
 * anything else is dropped and logged without its values (they may hold a password): an
 * invoke is rejected, a send has no one to tell.
 */
export function createIpcMain(isTrusted: TrustedUrl, log: Logger = console): IpcMainRouter {
  const checked = (
    channel: keyof MainHandlers,
    event: IpcMainInvokeEvent | IpcMainEvent,
    args: unknown[],
  ) => {
    const sender = event.senderFrame?.url;
    if (!isTrusted(sender)) {
      log.warn(`ipc ${channel}: dropped a call from an untrusted sender (${originOf(sender)})`);
      return { refused: `${channel}: refused` } as const;
    }
    const parsed = IPC[channel].args.safeParse(args);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '-'}: ${i.code}`);
      log.warn(`ipc ${channel}: dropped a call with invalid arguments (${issues.join('; ')})`);
      return { refused: `${channel}: invalid arguments` } as const;
    }
    return { args: parsed.data as unknown[] } as const;
  };

  return {
    listen(handlers) {
      for (const channel of Object.keys(handlers) as (keyof MainHandlers)[]) {
        const handler = handlers[channel] as Untyped;
        if (IPC[channel].kind === 'invoke') {
          ipcMain.handle(channel, async (event, ...args: unknown[]) => {
            const call = checked(channel, event, args);
            if ('refused' in call) throw new Error(call.refused);
            return handler(...call.args);
          });
        } else {
          ipcMain.on(channel, (event, ...args: unknown[]) => {
            const call = checked(channel, event, args);
            if ('refused' in call) return;
            const failed = (error: unknown) => log.warn(`ipc ${channel}: ${errorText(error)}`);
            try {
              const done = handler(...call.args);
              if (done instanceof Promise) done.catch(failed);
            } catch (error) {
              failed(error);
            }
          });
        }
      }
    },
  };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Enough of a sender's URL to recognise it in a log, without its path or query. */
function originOf(url: string | undefined): string {
  if (!url || !URL.canParse(url)) return 'no frame';
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
}
