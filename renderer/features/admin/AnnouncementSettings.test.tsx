import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { companyInfo } from '../../app/test-data';
import { fakeApi, renderApp } from '../../app/test-utils';

function api(playable: boolean) {
  return fakeApi({
    listCompanyNumbers: vi.fn(async () => []),
    listEmployees: vi.fn(async () => ({ items: [], total: 0 })),
    listRegionRules: vi.fn(async () => []),
    company: vi.fn(async () => companyInfo()),
    updateCompany: vi.fn(async () => companyInfo({ announcementLanguage: 'en' })),
    announcements: vi.fn(async () => ({
      playable,
      slots: [
        { language: 'en' as const, sentence: 'busy' as const, custom: true, durationMs: 900 },
      ],
    })),
  });
}

describe('announcements in the Admin tab', () => {
  it('the admin switches the language callers hear; own recordings are listed', async () => {
    const fake = api(true);
    renderApp({ admin: true, adminPage: { name: 'numbers' }, api: fake });
    const form = await screen.findByRole('form', { name: 'Announcements' });
    const select = within(form).getByRole('combobox', { name: 'Language of announcements' });
    expect(select).toHaveDisplayValue('Russian');
    expect(await within(form).findByText('Own recordings: en/busy')).toBeInTheDocument();
    expect(within(form).queryByText(/need the media bridge/)).toBeNull();
    await userEvent.selectOptions(select, 'English');
    await userEvent.click(within(form).getByRole('button', { name: 'Save language' }));
    await waitFor(() =>
      expect(fake.updateCompany).toHaveBeenCalledWith({ announcementLanguage: 'en' }),
    );
    expect(await within(form).findByRole('status')).toHaveTextContent('Saved.');
  });

  it('says announcements need the media bridge when the PBX has none', async () => {
    renderApp({ admin: true, adminPage: { name: 'numbers' }, api: api(false) });
    const form = await screen.findByRole('form', { name: 'Announcements' });
    expect(await within(form).findByRole('note')).toHaveTextContent(
      'Callers do not hear announcements on this PBX: they need the media bridge (rtpengine, --rtpengine).',
    );
  });
});
