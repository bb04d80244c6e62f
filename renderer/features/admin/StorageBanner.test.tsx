import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, renderApp } from '../../app/test-utils';

describe('the storage banner', () => {
  it('says the disk is full while the PBX cannot save changes, and goes once it can', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const storageStatus = vi.fn(async () => ({ problem: 'disk-full' as const, since: 1 }));
      const api = fakeApi({ storageStatus });
      api.listEmployees.mockResolvedValue({ items: [], total: 0 });
      renderApp({ admin: true, api });
      expect(await screen.findByRole('alert')).toHaveTextContent(
        'The PBX cannot save changes: its disk is full. Calls go on',
      );
      storageStatus.mockResolvedValue({ problem: null, since: null } as never);
      await vi.advanceTimersByTimeAsync(30_000);
      await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows nothing while changes are saved', async () => {
    const storageStatus = vi.fn(async () => ({ problem: null, since: null }));
    const api = fakeApi({ storageStatus });
    api.listEmployees.mockResolvedValue({ items: [], total: 0 });
    renderApp({ admin: true, api });
    await waitFor(() => expect(storageStatus).toHaveBeenCalled());
    expect(await screen.findByText('Employees', { selector: 'h2, h1' })).toBeVisible();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
