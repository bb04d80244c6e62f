import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { checkWav, WAV_MAX_SECONDS, type WavProblem } from '../../../shared/announcement-wav';
import type { AnnouncementSlot, AnnouncementSlotKey } from '../../../shared/api';
import { errorSentence } from '../forms/error-text';
import { useAdminApi } from './use-admin-api';

export interface AnnouncementRecordingsProps {
  slots: AnnouncementSlot[];
  /** A recording was put in place or restored: the list is read again. */
  onChanged(): void;
}

/**
 * Each sentence refused callers hear, per language: whether an admin's own recording plays, an
 * upload of a WAV file in its place, and the shipped recording back. A file that is not an
 * announcement (`shared/announcement-wav.ts`, the PBX's own check) is refused here, in words.
 */
export function AnnouncementRecordings({ slots, onChanged }: AnnouncementRecordingsProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setDone(undefined);
    try {
      const message = await work();
      setError(undefined);
      setDone(message);
      onChanged();
    } catch (failure) {
      setError(failure instanceof WavRefused ? failure.message : errorSentence(t, failure));
    } finally {
      setBusy(false);
    }
  };
  const upload = (slot: AnnouncementSlotKey) => async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const named = slotName(t, slot);
    await act(async () => {
      const bytes = await readFile(file);
      const checked = checkWav(new Uint8Array(bytes));
      if (!checked.ok) throw new WavRefused(wavProblemSentence(t, checked.problem));
      await api.replaceAnnouncement(slot, bytes);
      return t('announcements.uploaded', { slot: named });
    });
  };
  const restore = (slot: AnnouncementSlotKey) =>
    act(async () => {
      await api.restoreAnnouncement(slot);
      return t('announcements.restored', { slot: slotName(t, slot) });
    });

  return (
    <div className="announcement-recordings">
      <h4>{t('announcements.recordings')}</h4>
      <p className="muted small">{t('announcements.recordingsHint', { max: WAV_MAX_SECONDS })}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="note" role="status">
          {done}
        </p>
      )}
      <table className="table">
        <tbody>
          {slots.map((slot) => {
            const key = { language: slot.language, sentence: slot.sentence };
            const named = slotName(t, key);
            return (
              <tr key={`${slot.language}/${slot.sentence}`}>
                <th scope="row">{named}</th>
                <td>
                  {t(slot.custom ? 'announcements.own' : 'announcements.shipped', {
                    seconds: (slot.durationMs / 1000).toFixed(1),
                  })}
                </td>
                <td>
                  <input
                    type="file"
                    accept=".wav,audio/wav,audio/x-wav"
                    aria-label={t('announcements.uploadFor', { slot: named })}
                    disabled={busy}
                    onChange={(event) => void upload(key)(event)}
                  />
                  {slot.custom && (
                    <button
                      type="button"
                      aria-label={t('announcements.restoreFor', { slot: named })}
                      disabled={busy}
                      onClick={() => void restore(key)}
                    >
                      {t('announcements.restore')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The bytes of a picked file (FileReader: what every host has, jsdom included). */
function readFile(file: File): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('the file cannot be read'));
    reader.readAsArrayBuffer(file);
  });
}

/** A file refused before sending: its sentence is already in the UI language. */
class WavRefused extends Error {}

/** "Busy on all lines (Russian)". */
function slotName(t: TFunction, slot: AnnouncementSlotKey): string {
  return t('announcements.slot', {
    sentence: t(`announcements.sentences.${slot.sentence}`),
    language: t(slot.language === 'ru' ? 'announcements.russian' : 'announcements.english'),
  });
}

/** What is wrong with a file, in the UI language (the PBX says the same in English). */
export function wavProblemSentence(t: TFunction, problem: WavProblem): string {
  switch (problem.kind) {
    case 'not-riff':
    case 'not-wave':
      return t('announcements.wav.notWav');
    case 'no-format':
      return t('announcements.wav.noFormat');
    case 'no-audio':
      return t('announcements.wav.noAudio');
    case 'too-long':
      return t('announcements.wav.tooLong', {
        seconds: problem.seconds.toFixed(1),
        max: WAV_MAX_SECONDS,
      });
    case 'format': {
      const { encoding, channels, rate, bits } = problem;
      const parts = [
        encoding === undefined ? '' : t('announcements.wav.encoding', { encoding }),
        channels === undefined ? '' : t('announcements.wav.channels', { channels }),
        rate === undefined ? '' : t('announcements.wav.rate', { rate }),
        bits === undefined ? '' : t('announcements.wav.bits', { bits }),
      ].filter(Boolean);
      return t('announcements.wav.format', { parts: parts.join(', ') });
    }
  }
}
