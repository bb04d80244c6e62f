import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallEvent } from '../shared/desktop/call-notifications';

type Listener = (...args: unknown[]) => void;
const system = { supported: true };
const shown: FakeNotification[] = [];

class FakeNotification {
  static isSupported = () => system.supported;
  readonly listeners = new Map<string, Listener>();
  visible = false;
  constructor(readonly options: Record<string, unknown>) {}
  on(name: string, listener: Listener) {
    this.listeners.set(name, listener);
    return this;
  }
  show() {
    this.visible = true;
    shown.push(this);
  }
  close() {
    this.visible = false;
    this.listeners.get('close')?.({});
  }
  /** What the operating system does when the user clicks the body or a button. */
  click() {
    this.listeners.get('click')?.({});
  }
  press(actionIndex: number) {
    this.listeners.get('action')?.({ actionIndex }, actionIndex);
  }
}

vi.mock('electron', () => ({ Notification: FakeNotification }));

const { createCallNotifier } = await import('./call-notifications');
const { DESKTOP_STRINGS } = await import('./desktop-strings');

const ringing: CallEvent = {
  type: 'incoming',
  callId: 'call-1',
  title: 'Incoming call',
  body: 'Anna Petrova 0462626',
};

function setUp(platform: NodeJS.Platform, language: 'en' | 'ru' = 'en') {
  const onAction = vi.fn();
  const notifier = createCallNotifier({
    platform,
    strings: () => DESKTOP_STRINGS[language],
    onAction,
  });
  return { notifier, onAction };
}

describe('call notifications', () => {
  beforeEach(() => {
    shown.length = 0;
    system.supported = true;
  });

  it('shows a ringing call on macOS with Answer and Decline, silent and until it stops', () => {
    const { notifier } = setUp('darwin');
    notifier.handle(ringing);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.options).toMatchObject({
      title: 'Incoming call',
      body: 'Anna Petrova 0462626',
      silent: true,
      timeoutType: 'never',
      actions: [
        { type: 'button', text: 'Answer' },
        { type: 'button', text: 'Decline' },
      ],
    });
  });

  it('labels the buttons in the UI language', () => {
    setUp('darwin', 'ru').notifier.handle(ringing);
    expect(shown[0]?.options.actions).toEqual([
      { type: 'button', text: 'Ответить' },
      { type: 'button', text: 'Отклонить' },
    ]);
  });

  it('tells the renderer which button was pressed, and that a click wants the call shown', () => {
    const { notifier, onAction } = setUp('darwin');
    notifier.handle(ringing);
    shown[0]?.press(0);
    shown[0]?.press(1);
    shown[0]?.press(5);
    shown[0]?.click();
    expect(onAction.mock.calls).toEqual([
      [{ callId: 'call-1', action: 'answer' }],
      [{ callId: 'call-1', action: 'decline' }],
      [{ callId: 'call-1', action: 'show' }],
    ]);
  });

  it('has no buttons on Linux, where a click brings the call forward', () => {
    const { notifier, onAction } = setUp('linux');
    notifier.handle(ringing);
    expect(shown[0]?.options).not.toHaveProperty('actions');
    expect(shown[0]?.options.urgency).toBe('critical');
    shown[0]?.click();
    expect(onAction).toHaveBeenCalledWith({ callId: 'call-1', action: 'show' });
  });

  it('closes the notification when the call stops ringing', () => {
    const { notifier } = setUp('linux');
    notifier.handle(ringing);
    notifier.handle({ type: 'stopped', callId: 'call-1' });
    expect(shown[0]?.visible).toBe(false);
    notifier.handle({ type: 'stopped', callId: 'unknown' });
  });

  it('replaces the ringing notification with a missed-call one, which a click shows', () => {
    const { notifier, onAction } = setUp('darwin');
    notifier.handle(ringing);
    notifier.handle({ type: 'missed', callId: 'call-1', title: 'Missed call', body: 'Anna' });
    expect(shown.map((n) => [n.options.title, n.visible])).toEqual([
      ['Incoming call', false],
      ['Missed call', true],
    ]);
    expect(shown[1]?.options).not.toHaveProperty('actions');
    shown[1]?.click();
    expect(onAction).toHaveBeenCalledWith({ callId: 'call-1', action: 'show' });
  });

  it('shows one notification per call, and never more than eight at once', () => {
    const { notifier } = setUp('linux');
    notifier.handle(ringing);
    notifier.handle(ringing);
    expect(shown.filter((n) => n.visible)).toHaveLength(1);
    for (let i = 0; i < 20; i += 1) notifier.handle({ ...ringing, callId: `spam-${i}` });
    expect(shown.filter((n) => n.visible)).toHaveLength(8);
    notifier.closeAll();
    expect(shown.filter((n) => n.visible)).toHaveLength(0);
  });

  it('does nothing where the system has no notifications', () => {
    system.supported = false;
    setUp('linux').notifier.handle(ringing);
    expect(shown).toHaveLength(0);
  });
});
