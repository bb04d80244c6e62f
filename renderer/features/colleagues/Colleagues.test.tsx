import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Colleague } from '../../../shared/api';
import { PRESENCE_STATES, type Presence } from '../../../shared/presence';
import { employeeSession, myNumber } from '../../app/test-data';
import { call, fakeApi, renderApp } from '../../app/test-utils';

const COLLEAGUES: Colleague[] = [
  { id: 2, name: 'Boris Petrov', sipNumber: '0333333', registered: false, state: 'offline' },
  { id: 3, name: 'Anna Ivanova', sipNumber: '0444444', registered: true, state: 'free' },
  { id: 4, name: 'Vera Konstantinova', sipNumber: '0555555', registered: true, state: 'on-call' },
];

/** Signed in, the directory loaded as the employee API gives it, the Colleagues tab open. */
async function renderColleagues(language: 'en' | 'ru' = 'en') {
  const app = renderApp({ language });
  app.store.getState().colleaguesLoaded(COLLEAGUES);
  await app.user.click(
    screen.getByRole('tab', { name: language === 'en' ? 'Colleagues' : 'Коллеги' }),
  );
  return app;
}
const rows = () =>
  within(screen.getByRole('region', { name: 'Colleagues' })).getAllByRole('listitem');

describe('colleagues', () => {
  it('lists them with their presence, who can take a call first, and calls in one click', async () => {
    const { user, adapter } = await renderColleagues();
    expect(rows().map((row) => row.textContent)).toEqual([
      'Anna Ivanova 0444444Free',
      'Vera Konstantinova 0555555On a call',
      'Boris Petrov 0333333Not signed in',
    ]);
    await user.click(screen.getByRole('button', { name: 'Call Vera Konstantinova' }));
    expect(adapter.call).toHaveBeenCalledWith('0555555');
  });

  it('shows a colleague’s do-not-disturb as the PBX announces it, and its end', async () => {
    const api = fakeApi({
      signInEmployee: vi.fn(async () => employeeSession()),
      me: vi.fn(async () => myNumber()),
      myDevices: vi.fn(async () => []),
      colleagues: vi.fn(async () => COLLEAGUES),
      setDoNotDisturb: vi.fn(async () => {}),
    });
    const { user, services, events } = renderApp({ api });
    await act(() =>
      services.employeeApi.start({
        baseUrl: 'https://pbx.test',
        sipNumber: '0462626',
        password: 'pw',
      }),
    );
    await user.click(screen.getByRole('tab', { name: 'Colleagues' }));
    events.push({ type: 'presence-changed', sipNumber: '0444444', state: 'dnd' });
    expect(rows().map((row) => row.textContent)).toContain('Anna Ivanova 0444444Do not disturb');
    events.push({ type: 'presence-changed', sipNumber: '0444444', state: 'free' });
    expect(rows()[0]).toHaveTextContent('Anna Ivanova 0444444Free');
  });

  it('searches by name or SIP number', async () => {
    const { user } = await renderColleagues();
    const search = screen.getByRole('searchbox', { name: 'Search colleagues' });
    await user.type(search, 'pet');
    expect(rows().map((row) => row.textContent)).toEqual(['Boris Petrov 0333333Not signed in']);
    await user.clear(search);
    await user.type(search, '0444');
    expect(rows()).toHaveLength(1);
    await user.type(search, '9');
    expect(screen.getByText('No colleague matches.')).toBeInTheDocument();
  });

  const states: Presence[] = [
    { state: 'free' },
    { state: 'ringing' },
    { state: 'on-call' },
    { state: 'on-hold' },
    { state: 'dnd' },
    { state: 'absent', until: '2030-03-14T18:00:00.000Z' },
    { state: 'offline' },
  ];

  it.each([
    [
      'en',
      [
        'Free',
        'Ringing',
        'On a call',
        'Call on hold',
        'Do not disturb',
        'Absent until Mar 14, 2030',
        'Not signed in',
      ],
    ],
    [
      'ru',
      [
        'Свободен',
        'Звонит телефон',
        'Разговаривает',
        'Звонок на удержании',
        'Не беспокоить',
        'Отсутствует до 14 мар. 2030 г.',
        'Не в сети',
      ],
    ],
  ] as const)('renders every state the PBX will feed, in %s', async (language, words) => {
    expect(states.map((p) => p.state)).toEqual([...PRESENCE_STATES]);
    const { store } = await renderColleagues(language);
    act(() => {
      store.getState().colleaguesLoaded(
        states.map((_, i) => ({
          id: i + 10,
          name: `Person ${i}`,
          sipNumber: `010000${i}`,
          registered: true,
          state: 'free' as const,
        })),
      );
      states.forEach((presence, i) => store.getState().presenceChanged(`010000${i}`, presence));
    });
    const list = within(
      screen.getByRole('region', { name: language === 'en' ? 'Colleagues' : 'Коллеги' }),
    );
    expect(
      list.getAllByRole('listitem').map((row) => row.querySelector('.presence')?.textContent),
    ).toEqual(words);
  });

  it('names the caller everywhere from the directory when the PBX gave only a number', async () => {
    const { emit, store } = renderApp();
    store.getState().colleaguesLoaded(COLLEAGUES);
    emit((sink) =>
      sink.callAdded(
        call({
          direction: 'incoming',
          state: 'ringing',
          remoteNumber: '0444444',
          transferredBy: '0333333',
        }),
      ),
    );
    const line = screen.getByRole('region', { name: 'Line 1' });
    expect(line).toHaveTextContent('Anna Ivanova');
    expect(line).toHaveTextContent('Transferred by Boris Petrov');
    expect(line).not.toHaveTextContent('Transferred by 0333333');
  });
});
