import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Device } from '../../../shared/api';
import { ApiRequestError } from '../../api';
import { apiError, device, employeeSession, myNumber } from '../../app/test-data';
import { fakeApi, renderApp } from '../../app/test-utils';
import type { Language } from '../../store';

const deskPhone = device({ id: 'yealink', address: '192.0.2.10:5060' });

/** Signed in, the employee API session started, this phone refused or dropped with `problem`. */
async function phoneWith(
  problem: 'device-limit' | 'taken-over',
  holders: Device[],
  options: { language?: Language; drop?: () => Promise<void> } = {},
) {
  const api = fakeApi({
    isThisPbx: vi.fn(async () => true),
    signInEmployee: vi.fn(async () => employeeSession()),
    me: vi.fn(async () => myNumber({ multiTerminal: false })),
    myDevices: vi.fn(async () => holders),
    dropMyDevice: vi.fn(options.drop ?? (async () => {})),
    signOut: vi.fn(async () => {}),
  });
  const app = renderApp({ api, language: options.language });
  await act(() =>
    app.services.employeeApi.start({
      baseUrl: 'http://pbx.test:8080',
      sipNumber: '0462626',
      password: 'sip-secret',
    }),
  );
  app.emit((sink) => sink.registrationChanged('failed', problem));
  return app;
}

const panel = () =>
  within(screen.getByRole('region', { name: /number’s place|Место вашего номера/ }));

describe('"Use here instead"', () => {
  it('refused as device-limit: stays on the phone, names the device holding the number, takes it over', async () => {
    const { api, adapter, user } = await phoneWith('device-limit', [deskPhone]);
    expect(screen.queryByRole('button', { name: 'Sign in' })).not.toBeInTheDocument();
    expect(panel().getByRole('alert')).toHaveTextContent(
      'Your number is in use on another device: Other device (IP phone or program), Yealink SIP-T46U 108.86.',
    );
    expect(panel().getByText(/^192\.0\.2\.10:5060, since /)).toBeInTheDocument();
    await user.click(panel().getByRole('button', { name: 'Use here instead' }));
    expect(api.dropMyDevice).toHaveBeenCalledWith('yealink', { takeOver: true });
    expect(adapter.restart).toHaveBeenCalledTimes(1);
  });

  it('taken over: says where the number is now, that this phone stays off, in Russian too', async () => {
    const web = device({ id: 'web', kind: 'softphone-web', userAgent: 'JsSIP 3.10.1' });
    const { adapter } = await phoneWith('taken-over', [web], { language: 'ru' });
    expect(screen.getByRole('status')).toHaveTextContent(
      'Теперь номер используется на другом устройстве.',
    );
    expect(panel().getByRole('alert')).toHaveTextContent(
      'Теперь номер используется на другом устройстве: Наш софтфон (браузер) — JsSIP 3.10.1. Этот телефон не подключится снова сам.',
    );
    expect(panel().getByRole('button', { name: 'Использовать здесь' })).toBeEnabled();
    expect(adapter.restart).not.toHaveBeenCalled();
    expect(adapter.reregister).not.toHaveBeenCalled();
  });

  it('taken over, the new device not signed in yet: says another device, and only registers', async () => {
    const { api, adapter, user } = await phoneWith('taken-over', []);
    expect(panel().getByRole('alert')).toHaveTextContent(
      'Now in use on another device. This phone does not sign in again by itself.',
    );
    await user.click(panel().getByRole('button', { name: 'Use here instead' }));
    expect(api.dropMyDevice).not.toHaveBeenCalled();
    expect(adapter.restart).toHaveBeenCalledTimes(1);
  });

  it('several devices hold the number: each has its own button, named', async () => {
    const crm = device({
      id: 'crm',
      kind: 'crm-widget',
      userAgent: null,
      address: '192.0.2.11:443',
    });
    const { api, user } = await phoneWith('device-limit', [deskPhone, crm]);
    expect(panel().getByRole('alert')).toHaveTextContent(
      'Your number is in use on all the devices it may have at once.',
    );
    await user.click(
      panel().getByRole('button', { name: 'Use here instead of CRM widget at 192.0.2.11:443' }),
    );
    expect(api.dropMyDevice).toHaveBeenCalledWith('crm', { takeOver: true });
  });

  it('the device is gone already (404): the phone registers all the same', async () => {
    const { adapter, user } = await phoneWith('device-limit', [deskPhone], {
      drop: async () => {
        throw new ApiRequestError(404, 'not-found', 'device yealink not found');
      },
    });
    await user.click(panel().getByRole('button', { name: 'Use here instead' }));
    expect(adapter.restart).toHaveBeenCalledTimes(1);
    expect(panel().queryByText(/could not be taken over/)).not.toBeInTheDocument();
  });

  it('a drop the PBX refuses is said, and the phone does not register', async () => {
    const { adapter, user } = await phoneWith('device-limit', [deskPhone], {
      drop: async () => {
        throw apiError.network();
      },
    });
    await user.click(panel().getByRole('button', { name: 'Use here instead' }));
    expect(await panel().findByText(/^The number could not be taken over: /)).toBeInTheDocument();
    expect(adapter.restart).not.toHaveBeenCalled();
  });
});
