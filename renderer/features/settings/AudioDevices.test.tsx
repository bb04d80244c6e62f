import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { call, renderApp } from '../../app/test-utils';
import { DEVICES, installFakeMedia } from './fake-media';

let media: ReturnType<typeof installFakeMedia> | undefined;
afterEach(() => media?.restore());

async function openSettings(options: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp(options);
  await app.user.click(screen.getByRole('button', { name: /Settings|Настройки/ }));
  return app;
}

const options = (name: string) =>
  within(screen.getByRole('combobox', { name }))
    .getAllByRole('option')
    .map((o) => o.textContent);

describe('audio devices', () => {
  it('lists microphones, speakers and ringers by name from enumerateDevices', async () => {
    media = installFakeMedia();
    await openSettings();
    await waitFor(() =>
      expect(options('Microphone')).toEqual([
        'System default',
        'Built-in microphone',
        'USB headset microphone',
      ]),
    );
    expect(options('Speaker')).toEqual(['System default', 'Speakers', 'USB headset earphones']);
    expect(options('Ringer')).toEqual(['System default', 'Speakers', 'USB headset earphones']);
    expect(screen.getByRole('combobox', { name: 'Ringer' })).toHaveAccessibleDescription(
      /The ringtone plays here/,
    );
  });

  it('a new microphone is kept and switched in the calls; speaker and ringer are kept', async () => {
    media = installFakeMedia();
    const { user, store, adapter } = await openSettings();
    const microphone = await screen.findByRole('combobox', { name: 'Microphone' });
    await screen.findByRole('option', { name: 'USB headset microphone' });
    await user.selectOptions(microphone, 'mic-2');
    expect(adapter.setMicrophone).toHaveBeenCalledWith('mic-2');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Ringer' }), 'out-1');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speaker' }), 'out-2');
    expect(store.getState().settings.audio).toEqual({
      microphone: 'mic-2',
      speaker: 'out-2',
      ringer: 'out-1',
    });
    await user.selectOptions(microphone, '');
    expect(adapter.setMicrophone).toHaveBeenLastCalledWith(undefined);
  });

  it('says so when a call could not switch microphones', async () => {
    media = installFakeMedia();
    const { user, adapter } = await openSettings();
    adapter.setMicrophone.mockResolvedValueOnce(false);
    await screen.findByRole('option', { name: 'USB headset microphone' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Microphone' }), 'mic-2');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The call could not switch to this microphone and keeps the previous one.',
    );
  });

  it('the call audio plays on the chosen speaker (setSinkId)', async () => {
    media = installFakeMedia();
    const { store, emit } = renderApp();
    store.getState().updateSettings({ audio: { speaker: 'out-2' } });
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    expect(media.setSinkId).toHaveBeenCalledWith('out-2');
    expect(media.setSinkId.mock.contexts.at(-1)).toBe(screen.getByTestId('remote-audio-c1'));
  });

  it('names come after the microphone was opened once', async () => {
    media = installFakeMedia({ named: false });
    const { user } = await openSettings();
    await waitFor(() =>
      expect(options('Microphone')).toEqual(['System default', 'Microphone 1', 'Microphone 2']),
    );
    expect(options('Speaker')).toEqual(['System default', 'Speaker 1', 'Speaker 2']);
    await user.click(screen.getByRole('button', { name: 'Show device names' }));
    expect(media.media.getUserMedia).toHaveBeenCalledWith({ audio: true, video: false });
    await waitFor(() => expect(options('Speaker')).toContain('USB headset earphones'));
    expect(screen.queryByRole('button', { name: 'Show device names' })).not.toBeInTheDocument();
  });

  it('without setSinkId only the microphone is chosen, and it says why', async () => {
    media = installFakeMedia({ sinks: false });
    await openSettings();
    await screen.findByRole('option', { name: 'USB headset microphone' });
    expect(screen.queryByRole('combobox', { name: 'Speaker' })).not.toBeInTheDocument();
    expect(
      screen.getByText('Here sound always plays on the system default device.'),
    ).toBeInTheDocument();
  });

  it('speaks Russian when the language is switched', async () => {
    media = installFakeMedia();
    const { user } = await openSettings();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'ru');
    expect(screen.getByRole('heading', { name: 'Звуковые устройства' })).toBeInTheDocument();
    await waitFor(() => expect(options('Микрофон')[0]).toBe('Системное по умолчанию'));
    expect(screen.getByRole('combobox', { name: 'Звонок' })).toBeInTheDocument();
  });
});

describe('a device unplugged', () => {
  it('one chosen on another day and missing at start is dropped quietly', async () => {
    media = installFakeMedia();
    const { store, adapter } = renderApp();
    store.getState().updateSettings({ audio: { microphone: 'old-usb', speaker: 'out-2' } });
    await waitFor(() => expect(store.getState().settings.audio).toEqual({ speaker: 'out-2' }));
    expect(adapter.setMicrophone).toHaveBeenCalledWith(undefined);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('mid-call: the microphone falls back to the default and the screen says so', async () => {
    media = installFakeMedia();
    const { store, adapter, emit, user } = renderApp();
    store.getState().updateSettings({ audio: { microphone: 'mic-2', ringer: 'out-1' } });
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    await waitFor(() => expect(media?.media.enumerateDevices).toHaveBeenCalled());
    media.plug(DEVICES.filter((d) => d.deviceId !== 'mic-2'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The microphone “USB headset microphone” was disconnected: the default microphone is used.',
    );
    expect(adapter.setMicrophone).toHaveBeenCalledWith(undefined);
    expect(store.getState().settings.audio).toEqual({ ringer: 'out-1' });
    await user.click(screen.getByRole('button', { name: 'OK' }));
    expect(screen.queryByText(/was disconnected/)).not.toBeInTheDocument();
  });

  it('the ringer and speaker fall back too; a device plugged in changes nothing', async () => {
    media = installFakeMedia({ devices: DEVICES.filter((d) => d.deviceId !== 'out-2') });
    const { store, adapter } = renderApp({ language: 'ru' });
    store.getState().updateSettings({ audio: { speaker: 'out-1', ringer: 'out-1' } });
    await waitFor(() => expect(media?.media.enumerateDevices).toHaveBeenCalled());
    media.plug(DEVICES);
    await waitFor(() => expect(media?.media.enumerateDevices).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    media.plug(DEVICES.filter((d) => d.deviceId !== 'out-1'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Динамик «Speakers» отключён');
    expect(alert).toHaveTextContent('Устройство звонка «Speakers» отключено');
    expect(store.getState().settings.audio).toEqual({});
    expect(adapter.setMicrophone).not.toHaveBeenCalled();
  });
});
