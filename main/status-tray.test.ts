import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopStrings } from './desktop-strings';

interface MenuItem {
  label?: string;
  type?: string;
  checked?: boolean;
  click?: (item: { checked: boolean }) => void;
}
const trays: FakeTray[] = [];

class FakeTray {
  image = '';
  tooltip = '';
  menu: MenuItem[] = [];
  destroyed = false;
  readonly listeners = new Map<string, () => void>();
  constructor(image: { path: string }) {
    this.image = image.path;
    trays.push(this);
  }
  on(name: string, listener: () => void) {
    this.listeners.set(name, listener);
  }
  setImage(image: { path: string }) {
    this.image = image.path;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: MenuItem[]) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: MenuItem[]) => template },
  nativeImage: { createFromPath: (path: string) => ({ path }) },
}));

const { createStatusTray, trayStateOf } = await import('./status-tray');
const { DESKTOP_STRINGS, languageOfLocale } = await import('./desktop-strings');

function setUp(strings: () => DesktopStrings = () => DESKTOP_STRINGS.en) {
  const actions = { show: vi.fn(), setDoNotDisturb: vi.fn(), quit: vi.fn() };
  const tray = createStatusTray('/app/tray', actions, strings);
  const fake = trays.at(-1) as FakeTray;
  const item = (label: string) => fake.menu.find((entry) => entry.label === label);
  return { tray, fake, actions, item };
}

describe('status tray', () => {
  beforeEach(() => {
    trays.length = 0;
  });

  it('starts as not registered, with Show, Do not disturb and Quit', () => {
    const { fake } = setUp();
    expect(fake.image).toBe('/app/tray/unregistered.png');
    expect(fake.tooltip).toBe('Softphone: not registered');
    expect(fake.menu.map((entry) => entry.label ?? entry.type)).toEqual([
      'Show Softphone',
      'Do not disturb',
      'separator',
      'Quit',
    ]);
    expect(fake.menu[1]).toMatchObject({ type: 'checkbox', checked: false });
  });

  it.each([
    [{ registration: 'registered', doNotDisturb: false }, 'registered', 'Softphone: online'],
    [{ registration: 'unregistered', doNotDisturb: false }, 'unregistered', 'not registered'],
    [{ registration: 'registered', doNotDisturb: true }, 'do-not-disturb', 'do not disturb'],
    [{ registration: 'unregistered', doNotDisturb: true }, 'do-not-disturb', 'do not disturb'],
  ] as const)('shows %o with the %s icon', (status, state, tooltip) => {
    const { tray, fake } = setUp();
    tray.update(status);
    expect(trayStateOf(status)).toBe(state);
    expect(fake.image).toBe(`/app/tray/${state}.png`);
    expect(fake.tooltip).toContain(tooltip);
    expect(fake.menu[1]?.checked).toBe(status.doNotDisturb);
  });

  it('shows the window from the menu and on a click of the icon, and quits from the menu', () => {
    const { fake, actions, item } = setUp();
    item('Show Softphone')?.click?.({ checked: false });
    fake.listeners.get('click')?.();
    item('Quit')?.click?.({ checked: false });
    expect(actions.show).toHaveBeenCalledTimes(2);
    expect(actions.quit).toHaveBeenCalledOnce();
  });

  it('asks for the state the checkbox now shows, leaving the icon to the report', () => {
    const { tray, fake, actions, item } = setUp();
    item('Do not disturb')?.click?.({ checked: true });
    expect(actions.setDoNotDisturb).toHaveBeenCalledWith(true);
    expect(fake.image).toBe('/app/tray/unregistered.png');
    tray.update({ registration: 'registered', doNotDisturb: true });
    item('Do not disturb')?.click?.({ checked: false });
    expect(actions.setDoNotDisturb).toHaveBeenLastCalledWith(false);
  });

  it('speaks the UI language after a refresh, and goes away when destroyed', () => {
    let language: 'en' | 'ru' = 'en';
    const { tray, fake } = setUp(() => DESKTOP_STRINGS[language]);
    language = 'ru';
    tray.refresh();
    expect(fake.menu.map((entry) => entry.label).filter(Boolean)).toEqual([
      'Показать Softphone',
      'Не беспокоить',
      'Выйти',
    ]);
    tray.destroy();
    expect(fake.destroyed).toBe(true);
  });

  it('speaks Russian on a Russian system and English on any other, until the renderer says', () => {
    expect(['ru', 'ru-RU', 'ru_RU', 'RU'].map(languageOfLocale)).toEqual(['ru', 'ru', 'ru', 'ru']);
    expect(['en-US', 'de', 'rue', 'uk-UA', ''].map(languageOfLocale)).toEqual(Array(5).fill('en'));
  });
});
