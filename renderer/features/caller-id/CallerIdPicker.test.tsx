import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MyNumber } from '../../../shared/api';
import { apiError, employeeSession, myNumber } from '../../app/test-data';
import { fakeApi, renderApp, type RenderOptions } from '../../app/test-utils';

const callerId = (patch: Partial<MyNumber['callerId']> = {}) =>
  myNumber({ callerId: { ...myNumber().callerId, ...patch } });

/** Signed in, with the employee API session answering `me` with `number`. */
async function renderPicker(number = myNumber(), options: RenderOptions = {}) {
  const api = fakeApi({
    signInEmployee: vi.fn(async () => employeeSession()),
    me: vi.fn(async () => number),
    myDevices: vi.fn(async () => []),
  });
  const app = renderApp({ api, ...options });
  await act(() =>
    app.services.employeeApi.start({
      baseUrl: 'http://pbx.test:8080',
      sipNumber: '0462626',
      password: 'sip-secret',
    }),
  );
  return { ...app, api };
}

const options = (select: HTMLElement) =>
  within(select)
    .getAllByRole('option')
    .map((o) => o.textContent);

describe('caller-ID picker by the dialer', () => {
  it('lists the numbers the employee may choose, with their regions', async () => {
    await renderPicker(
      callerId({
        choices: ['+78121234567', '+74951234567', '+78001234567'],
        choiceRegions: {
          '+78121234567': 'Saint Petersburg',
          '+74951234567': 'Moscow',
          '+78001234567': null,
        },
      }),
    );
    const picker = screen.getByRole('combobox', { name: 'Outgoing caller ID' });
    expect(picker).toHaveValue('');
    expect(options(picker)).toEqual([
      'The number set by the administrator (+7 812 123 45 67)',
      '+7 495 123 45 67 · Moscow',
      '+7 800 123 45 67',
    ]);
    expect(picker).toHaveAccessibleDescription(
      'The number the client sees when you call; it applies on all your devices.',
    );
    // One picker only: the My number card no longer has its own.
    expect(screen.getAllByRole('combobox')).toHaveLength(1);
    expect(screen.getByRole('textbox', { name: 'Number to call' })).toBeVisible();
  });

  it('saves the choice with PUT /me/caller-id and shows it; back to the administrator’s', async () => {
    const { api, user, adapter } = await renderPicker();
    api.setCallerId.mockResolvedValue(callerId({ chosen: '+74951234567' }));
    const picker = screen.getByRole('combobox', { name: 'Outgoing caller ID' });
    await user.selectOptions(picker, '+74951234567');
    expect(api.setCallerId).toHaveBeenCalledWith({ number: '+74951234567' });
    expect(
      await screen.findByText('Saved: your calls show +7 495 123 45 67 on all your devices.'),
    ).toBeVisible();
    expect(picker).toHaveValue('+74951234567');

    // Then the employee calls out: the choice is the PBX's to apply, the call goes as usual.
    await user.type(screen.getByRole('textbox', { name: 'Number to call' }), '8 812 309 00 00');
    await user.click(screen.getByRole('button', { name: 'Call' }));
    expect(adapter.call).toHaveBeenCalledWith('+78123090000');
  });

  it('goes back to the number the administrator set (null)', async () => {
    const { api, user } = await renderPicker(callerId({ chosen: '+74951234567' }));
    api.setCallerId.mockResolvedValue(callerId({ chosen: null }));
    const picker = screen.getByRole('combobox', { name: 'Outgoing caller ID' });
    expect(picker).toHaveValue('+74951234567');
    await user.selectOptions(picker, '');
    expect(api.setCallerId).toHaveBeenLastCalledWith({ number: null });
    expect(
      await screen.findByText('Saved: your calls show +7 812 123 45 67 on all your devices.'),
    ).toBeVisible();
    expect(picker).toHaveValue('');
  });

  it('follows a choice made on another device (live)', async () => {
    const { api, events } = await renderPicker();
    api.me.mockResolvedValue(callerId({ chosen: '+74951234567' }));
    events.push({ type: 'sip-number-changed', employeeId: 11, sipNumber: '0462626' });
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Outgoing caller ID' })).toHaveValue(
        '+74951234567',
      ),
    );
  });

  it('a 403 says the administrator does not let the employee choose', async () => {
    const { api, user } = await renderPicker();
    api.setCallerId.mockRejectedValue(apiError.forbidden());
    const picker = screen.getByRole('combobox', { name: 'Outgoing caller ID' });
    await user.selectOptions(picker, '+74951234567');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your administrator does not let you choose the number.',
    );
    expect(picker).toHaveValue('');
    expect(picker).toHaveAttribute('aria-invalid', 'true');
    // It reads the number again, to show the rule now in force.
    await waitFor(() => expect(api.me).toHaveBeenCalledTimes(2));
  });

  it('a 403 after the admin took the choice away: the rule shows, with the sentence', async () => {
    const { api, user } = await renderPicker();
    api.setCallerId.mockRejectedValue(apiError.forbidden());
    api.me.mockResolvedValue(callerId({ mayChoose: false, choices: [], choiceRegions: {} }));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Outgoing caller ID' }),
      '+74951234567',
    );
    expect(await screen.findByText('Fixed number: +7 812 123 45 67')).toBeVisible();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Your administrator does not let you choose the number.',
    );
  });

  it.each([
    [{ mode: 'fixed', mayChoose: false }, 'Fixed number: +7 812 123 45 67'],
    [
      { mode: 'fixed', mayChoose: false, fixedNumber: null },
      'Fixed number: the company’s default number',
    ],
    [{ mode: 'familiar' }, 'Familiar number: the number this client last talked to'],
    [
      { mode: 'familiar-or-regional' },
      'Familiar or regional number: the number this client last talked to, else one in the client’s region',
    ],
    [{ mode: 'random' }, 'Random company number'],
    [{ mode: 'random-regional' }, 'Random company number in the client’s region'],
  ] as const)('no choice (%j): the rule in words, no picker', async (patch, rule) => {
    await renderPicker(
      callerId({ mayChoose: false, choices: [], choiceRegions: {}, chosen: null, ...patch }),
    );
    expect(screen.getByText(rule)).toBeVisible();
    expect(screen.getByText(rule).parentElement).toHaveTextContent(`Outgoing caller ID: ${rule}`);
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
  });

  it('in Russian', async () => {
    await renderPicker(callerId({ mode: 'random', mayChoose: false, choices: [] }), {
      language: 'ru',
    });
    expect(screen.getByText('Случайный номер компании')).toBeVisible();
  });

  it('nothing without the employee API', () => {
    renderApp();
    expect(screen.queryByText(/Caller ID/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Call' })).toBeEnabled();
  });
});
