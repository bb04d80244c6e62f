import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Colleague } from '../../../shared/api';
import { employeeSession, myNumber } from '../../app/test-data';
import { call, fakeApi, renderApp } from '../../app/test-utils';

const colleagues: Colleague[] = [
  { id: 2, name: 'Boris Petrov', sipNumber: '0333333', registered: true, state: 'on-hold' },
  {
    id: 3,
    name: 'Vera Sokolova',
    sipNumber: '0444444',
    registered: false,
    state: 'absent',
    until: '2030-03-14T18:00:00.000Z',
  },
];

/** In a call with a client, the employee API answering with the directory. */
async function inCall({ channels = 2, directory = true } = {}) {
  const api = fakeApi({
    signInEmployee: vi.fn(async () => employeeSession()),
    me: vi.fn(async () => myNumber({ channels })),
    myDevices: vi.fn(async () => []),
    ...(directory
      ? {
          colleagues: vi.fn(async (search?: string) =>
            colleagues.filter(
              (c) => !search || c.name.includes(search) || c.sipNumber.includes(search),
            ),
          ),
        }
      : {}),
  });
  const app = renderApp({ api });
  await act(() =>
    app.services.employeeApi.start({
      baseUrl: 'http://pbx.test:8080',
      sipNumber: '0462626',
      password: 'sip-secret',
    }),
  );
  app.emit((sink) =>
    sink.callAdded(
      call({ state: 'connected', connectedAt: Date.now(), remoteName: 'Client Sidorov' }),
    ),
  );
  return app;
}

async function openDialog(app: Awaited<ReturnType<typeof inCall>>) {
  await app.user.click(screen.getByRole('button', { name: 'Transfer' }));
  return within(screen.getByRole('dialog', { name: 'Transfer Client Sidorov' }));
}

describe('the Transfer dialog', () => {
  it('opens from the call, focused on the search, listing colleagues and what each is doing', async () => {
    const app = await inCall();
    expect(screen.getByRole('button', { name: 'Transfer' })).toHaveAttribute(
      'aria-haspopup',
      'dialog',
    );
    const dialog = await openDialog(app);
    expect(dialog.getByRole('searchbox', { name: 'Colleague or SIP number' })).toHaveFocus();
    expect(
      await dialog.findByRole('radio', { name: 'Boris Petrov 0333333 Call on hold' }),
    ).toBeInTheDocument();
    expect(
      dialog.getByRole('radio', { name: 'Vera Sokolova 0444444 Absent until Mar 14, 2030' }),
    ).toBeVisible();
  });

  it('searches by name; choosing a colleague and "Transfer now" transfers blind', async () => {
    const app = await inCall();
    const dialog = await openDialog(app);
    await app.user.type(dialog.getByRole('searchbox'), 'Boris');
    await vi.waitFor(() => expect(app.api.colleagues).toHaveBeenLastCalledWith('Boris'));
    // The list shows the answer once the search's request resolves, a render after the call.
    await vi.waitFor(() =>
      expect(dialog.queryByRole('radio', { name: /Vera/ })).not.toBeInTheDocument(),
    );
    await app.user.click(dialog.getByRole('radio', { name: /Boris Petrov/ }));
    expect(dialog.getByText('Transfer to Boris Petrov (0333333)')).toBeVisible();
    await app.user.click(dialog.getByRole('button', { name: 'Transfer now' }));
    expect(app.adapter.transfer).toHaveBeenCalledWith('c1', {
      number: '0333333',
      name: 'Boris Petrov',
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('a typed SIP number is a target too; "Consult first" calls it on another line', async () => {
    const app = await inCall();
    // As the adapter does: the consultation is a new call on line 2.
    app.adapter.consult.mockImplementation((id, target) => {
      app.sink.callAdded(
        call({ id: 'c2', line: 2, remoteNumber: target.number, consultationFor: id }),
      );
      return 'c2';
    });
    const dialog = await openDialog(app);
    await app.user.type(dialog.getByRole('searchbox'), '0555123');
    await app.user.click(dialog.getByRole('button', { name: 'Consult first' }));
    expect(app.adapter.consult).toHaveBeenCalledWith('c1', { number: '0555123' });
    expect(app.store.getState().lines.selectedId).toBe('c2');
    expect(screen.getByRole('region', { name: 'Line 2' })).toHaveTextContent('Calling…');
  });

  it('nothing chosen: says what to do instead of transferring', async () => {
    const app = await inCall();
    const dialog = await openDialog(app);
    await app.user.click(dialog.getByRole('button', { name: 'Transfer now' }));
    expect(dialog.getByRole('alert')).toHaveTextContent(
      'Choose a colleague or type a SIP number such as 0462626.',
    );
    expect(app.adapter.transfer).not.toHaveBeenCalled();
  });

  it('the directory unavailable: says so, and a typed number still works', async () => {
    const app = await inCall({ directory: false });
    const dialog = await openDialog(app);
    expect(
      await dialog.findByText(
        'The list of colleagues cannot be loaded; you can still type a SIP number.',
      ),
    ).toBeVisible();
    await app.user.type(dialog.getByRole('searchbox'), '0333333');
    await app.user.click(dialog.getByRole('button', { name: 'Transfer now' }));
    expect(app.adapter.transfer).toHaveBeenCalledWith('c1', { number: '0333333' });
  });

  it('one channel: "Consult first" is off and the reason is given', async () => {
    const app = await inCall({ channels: 1 });
    const dialog = await openDialog(app);
    expect(dialog.getByRole('button', { name: 'Consult first' })).toBeDisabled();
    expect(
      dialog.getByText('Consulting needs a free line: every line of your number is taken.'),
    ).toBeVisible();
  });

  it('Escape closes it and gives the focus back to Transfer', async () => {
    const app = await inCall();
    await openDialog(app);
    await app.user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Transfer' })).toHaveFocus();
  });

  it('in Russian', async () => {
    const app = await inCall();
    act(() => app.store.getState().updateSettings({ language: 'ru' }));
    await app.user.click(await screen.findByRole('button', { name: 'Перевести' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Перевод: Client Sidorov' }));
    expect(
      await dialog.findByRole('radio', { name: 'Boris Petrov 0333333 Звонок на удержании' }),
    ).toBeVisible();
    expect(dialog.getByRole('button', { name: 'Сначала переговорить' })).toBeEnabled();
  });
});
