import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { summary } from '../../app/test-data';
import { fakeApi, renderApp } from '../../app/test-utils';

const entry = (id: number) => ({
  id,
  at: '2030-03-01T09:00:00.000Z',
  actor: 'boss@example.com',
  action: 'sip-number.update',
  target: 'employee 11 (0462626)',
  before: { channels: 2 },
  after: { channels: 3 },
});

describe('audit log', () => {
  it('shows who changed what in words, with names, from what to what, in pages', async () => {
    const api = fakeApi({
      audit: vi.fn(async ({ offset = 0 } = {}) => ({
        items: [entry(offset + 1), { ...entry(offset + 2), before: null, after: 'on' }],
        total: 75,
      })),
      listEmployees: vi.fn(async () => ({
        items: [summary({ id: 11, name: 'Anna Ivanova', sipNumber: '0462626' })],
        total: 1,
      })),
    });
    const { user } = renderApp({ admin: true, adminPage: { name: 'audit' }, api });
    const table = await screen.findByRole('table');
    const [first, second] = within(table).getAllByRole('row').slice(1);
    await waitFor(() =>
      expect(first).toHaveTextContent(
        'boss@example.com changed the number settings of Anna Ivanova (0462626).',
      ),
    );
    expect(first).toHaveTextContent('Channels: 2 → 3');
    expect(first).not.toHaveTextContent('{');
    expect(second).toHaveTextContent('— → on');
    const pages = screen.getByRole('navigation', { name: 'Audit log pages' });
    expect(pages).toHaveTextContent('1–50 of 75');
    await user.click(within(pages).getByRole('button', { name: 'Next' }));
    expect(api.audit).toHaveBeenLastCalledWith({ offset: 50, limit: 50 });
    await waitFor(() => expect(pages).toHaveTextContent('51–75 of 75'));
  });

  it('is reached from the admin sections', async () => {
    const api = fakeApi({ audit: vi.fn(async () => ({ items: [], total: 0 })) });
    api.listEmployees.mockResolvedValue({ items: [], total: 0 });
    const { user } = renderApp({ admin: true, api });
    await user.click(screen.getByRole('button', { name: 'Audit log' }));
    expect(await screen.findByText('Nothing has been changed yet.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Audit log' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });
});
