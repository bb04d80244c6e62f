import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { apiError, companyInfo } from '../../app/test-data';
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
        { language: 'ru' as const, sentence: 'busy' as const, custom: false, durationMs: 4200 },
        { language: 'en' as const, sentence: 'busy' as const, custom: true, durationMs: 900 },
      ],
    })),
    replaceAnnouncement: vi.fn(async () => ({
      language: 'ru' as const,
      sentence: 'busy' as const,
      custom: true,
      durationMs: 1500,
    })),
    restoreAnnouncement: vi.fn(async () => {}),
  });
}

describe('announcements in the Admin tab', () => {
  it('the admin switches the language callers hear', async () => {
    const fake = api(true);
    renderApp({ admin: true, adminPage: { name: 'numbers' }, api: fake });
    const form = await screen.findByRole('form', { name: 'Announcements' });
    const select = within(form).getByRole('combobox', { name: 'Language of announcements' });
    expect(select).toHaveDisplayValue('Russian');
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

/** A WAV file of `ms` of 16-bit mono audio at `rate` Hz, as an admin would pick it. */
function wav(ms: number, rate = 8000, name = 'mine.wav'): File {
  const samples = Math.round((rate / 1000) * ms);
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) =>
    [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  return new File([bytes], name, { type: 'audio/wav' });
}

describe('own recordings in the Admin tab', () => {
  it('shows which recordings are the admin’s own, uploads a WAV file and restores the shipped one', async () => {
    const fake = api(true);
    renderApp({ admin: true, adminPage: { name: 'numbers' }, api: fake });
    const russianBusy = (
      await screen.findByRole('rowheader', {
        name: 'Busy on all lines (Russian)',
      })
    ).closest('tr')!;
    expect(russianBusy).toHaveTextContent('Shipped recording, 4.2 s');
    expect(within(russianBusy).queryByRole('button', { name: /Restore/ })).toBeNull();
    const englishBusy = screen
      .getByRole('rowheader', { name: 'Busy on all lines (English)' })
      .closest('tr')!;
    expect(englishBusy).toHaveTextContent('Your recording, 0.9 s');

    await userEvent.upload(
      screen.getByLabelText('Upload a WAV file for “Busy on all lines (Russian)”'),
      wav(1500),
    );
    await waitFor(() => expect(fake.replaceAnnouncement).toHaveBeenCalledTimes(1));
    const [slot, bytes] = fake.replaceAnnouncement.mock.calls[0]!;
    expect(slot).toEqual({ language: 'ru', sentence: 'busy' });
    expect((bytes as ArrayBuffer).byteLength).toBe(44 + 24000);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Callers now hear your recording for “Busy on all lines (Russian)”.',
    );

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Restore the shipped recording of “Busy on all lines (English)”',
      }),
    );
    expect(fake.restoreAnnouncement).toHaveBeenCalledWith({ language: 'en', sentence: 'busy' });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Callers now hear the shipped recording for “Busy on all lines (English)”.',
    );
    await waitFor(() => expect(fake.announcements).toHaveBeenCalledTimes(3));
  });

  it('refuses a file that is too long or not telephone audio, in words, without sending it', async () => {
    const fake = api(true);
    renderApp({ admin: true, adminPage: { name: 'numbers' }, api: fake });
    const input = await screen.findByLabelText(
      'Upload a WAV file for “Busy on all lines (Russian)”',
    );
    await userEvent.upload(input, wav(8000));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The recording lasts 8.0 s; an announcement may last at most 7 s.',
    );
    await userEvent.upload(input, wav(500, 44100));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The recording is 44100 Hz; it must be 16-bit PCM, mono, 8000 Hz.',
    );
    await userEvent.upload(input, new File(['ID3 mp3'], 'song.mp3', { type: 'audio/wav' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This is not a WAV file.');
    expect(fake.replaceAnnouncement).not.toHaveBeenCalled();
  });

  it('in Russian: the refusal and the API’s own refusal as a sentence', async () => {
    const fake = api(true);
    fake.replaceAnnouncement.mockRejectedValueOnce(
      apiError.fields([{ path: 'body', message: 'the recording lasts 7.4 s; at most 7 s' }]),
    );
    renderApp({ admin: true, adminPage: { name: 'numbers' }, api: fake, language: 'ru' });
    const input = await screen.findByLabelText(
      'Загрузить файл WAV для «Заняты все линии (Русский)»',
    );
    await userEvent.upload(input, wav(9000));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Запись длится 9.0 с, а объявление может длиться не больше 7 с.',
    );
    await userEvent.upload(input, wav(1000));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The recording lasts 7.4 s; at most 7 s.',
    );
    expect(
      screen.getByRole('rowheader', { name: 'Заняты все линии (Английский)' }).closest('tr'),
    ).toHaveTextContent('Ваша запись, 0.9 с');
  });
});
