import { Notification, type NotificationConstructorOptions } from 'electron';
import type { CallAction, CallActionKind, CallEvent } from '../shared/desktop/call-notifications';
import type { DesktopStrings } from './desktop-strings';

/** Where notifications have Answer and Decline buttons (Electron's `action` event). */
const PLATFORMS_WITH_ACTIONS: readonly NodeJS.Platform[] = ['darwin', 'win32'];

/** More than this many open notifications means a misbehaving renderer: the oldest go. */
const MAX_OPEN = 8;

/** The platform, the button labels, and where the user's choice goes. */
export interface CallNotifierOptions {
  platform: NodeJS.Platform;
  /** Main's words in the current UI language (the button labels). */
  strings: () => DesktopStrings;
  /** The user answered, declined or clicked a notification. */
  onAction: (action: CallAction) => void;
}

/** Shows and closes the system notifications of calls, as the renderer reports them. */
export interface CallNotifier {
  handle(event: CallEvent): void;
  closeAll(): void;
}

/**
 * Incoming calls get a notification that stays while the call rings (silent: the renderer
 * plays the ringtone), with Answer and Decline where the platform has buttons; a click shows
 * the call. It closes when the call stops ringing; a missed call gets a notification of its own.
 */
export function createCallNotifier({
  platform,
  strings,
  onAction,
}: CallNotifierOptions): CallNotifier {
  // Keeping each notification referenced also keeps its handlers from being collected.
  const open = new Map<string, Notification>();

  const close = (key: string) => {
    const notification = open.get(key);
    open.delete(key);
    notification?.close();
  };

  const show = (
    key: string,
    callId: string,
    options: NotificationConstructorOptions,
    actions: readonly CallActionKind[] = [],
  ) => {
    if (!Notification.isSupported()) return;
    close(key);
    while (open.size >= MAX_OPEN) close(open.keys().next().value as string);
    const notification = new Notification(options);
    notification.on('click', () => onAction({ callId, action: 'show' }));
    notification.on('action', (details) => {
      const action = actions[details.actionIndex];
      if (action) onAction({ callId, action });
    });
    notification.on('close', () => {
      if (open.get(key) === notification) open.delete(key);
    });
    open.set(key, notification);
    notification.show();
  };

  const ringing = (callId: string, title: string, body: string) => {
    const words = strings();
    const buttons = PLATFORMS_WITH_ACTIONS.includes(platform);
    const options: NotificationConstructorOptions = {
      title,
      body,
      silent: true,
      urgency: 'critical',
      timeoutType: 'never',
      ...(buttons && {
        actions: [
          { type: 'button', text: words.answer },
          { type: 'button', text: words.decline },
        ],
      }),
    };
    show(`incoming:${callId}`, callId, options, buttons ? ['answer', 'decline'] : []);
  };

  return {
    handle(event) {
      const incoming = `incoming:${event.callId}`;
      switch (event.type) {
        case 'incoming':
          return ringing(event.callId, event.title, event.body);
        case 'stopped':
          return close(incoming);
        case 'missed':
          close(incoming);
          return show(`missed:${event.callId}`, event.callId, {
            title: event.title,
            body: event.body,
          });
      }
    },
    closeAll() {
      for (const key of [...open.keys()]) close(key);
    },
  };
}
