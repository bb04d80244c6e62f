import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { writeWav } from '../../../pbx/media/wav';
import { createPbxApi } from '../../../renderer/api/http-api';
import { signedInAdmin, type ApiClient } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';

let pbx: TestPbx;
afterEach(async () => {
  await pbx?.stop();
});

/** A file's bytes as the browser's FileReader gives them. */
const fileBytes = (file: Buffer): ArrayBuffer => new Uint8Array(file).buffer;

/** PUT of raw bytes, as the Admin tab uploads a file. */
async function upload(admin: ApiClient, path: string, file: Buffer, type = 'audio/wav') {
  const response = await fetch(`http://127.0.0.1:${pbx.pbx.ports.http}/api/v1${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': type },
    body: file,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

it('an admin replaces a sentence with their own WAV file, sees it, and goes back to the built-in one', async () => {
  pbx = await startTestPbx({ announcementsDir: mkdtempSync(join(tmpdir(), 'announcements-')) });
  const admin = await signedInAdmin(pbx);
  const list = await admin.get<{
    playable: boolean;
    slots: { sentence: string; custom: boolean }[];
  }>('/admin/announcements');
  expect(list.body.playable).toBe(false); // no rtpengine: the Admin tab says callers do not hear them
  expect(list.body.slots).toHaveLength(10);

  const second = Buffer.alloc(16000);
  const put = await upload(admin, '/admin/announcements/en/busy', writeWav(second));
  expect(put).toEqual({
    status: 200,
    body: { language: 'en', sentence: 'busy', custom: true, durationMs: 1000 },
  });
  const after = await admin.get<{
    slots: { language: string; sentence: string; custom: boolean }[];
  }>('/admin/announcements');
  expect(after.body.slots.filter((s) => s.custom)).toMatchObject([
    { language: 'en', sentence: 'busy' },
  ]);
  expect((await admin.delete('/admin/announcements/en/busy')).status).toBe(204);
  const restored = await admin.get<{ slots: { custom: boolean }[] }>('/admin/announcements');
  expect(restored.body.slots.every((s) => !s.custom)).toBe(true);
});

it('refuses what is not a 16-bit mono 8 kHz WAV file with a 400 that says what is wrong', async () => {
  pbx = await startTestPbx({ announcementsDir: mkdtempSync(join(tmpdir(), 'announcements-')) });
  const admin = await signedInAdmin(pbx);
  const mp3 = await upload(
    admin,
    '/admin/announcements/ru/absent',
    Buffer.from('ID3\x03 not a wav'),
  );
  expect(mp3.status).toBe(400);
  expect(JSON.stringify(mp3.body)).toContain('not a WAV file (no RIFF header)');
  const cd = writeWav(Buffer.alloc(4410));
  cd.writeUInt32LE(44100, 24);
  const wrongRate = await upload(admin, '/admin/announcements/ru/absent', cd);
  expect(wrongRate.status).toBe(400);
  expect(JSON.stringify(wrongRate.body)).toContain('44100 Hz, not 8000 Hz');
  const unknown = await upload(
    admin,
    '/admin/announcements/de/absent',
    writeWav(Buffer.alloc(800)),
  );
  expect(unknown.status).toBe(400);
  expect(unknown.body.fields).toEqual([{ path: 'language', message: 'must be ru or en' }]);
  const eightSeconds = await upload(
    admin,
    '/admin/announcements/ru/absent',
    writeWav(Buffer.alloc(8 * 16000)),
  );
  expect(eightSeconds).toMatchObject({
    status: 400,
    body: { fields: [{ path: 'body', message: 'the recording lasts 8.0 s; at most 7 s' }] },
  });
});

it('the Admin tab’s client uploads the file as it is and restores the shipped one, against the real PBX', async () => {
  pbx = await startTestPbx({ announcementsDir: mkdtempSync(join(tmpdir(), 'announcements-')) });
  const admin = await signedInAdmin(pbx);
  const api = createPbxApi(`http://127.0.0.1:${pbx.pbx.ports.http}`, admin.token);
  expect(
    await api.replaceAnnouncement(
      { language: 'ru', sentence: 'disabled' },
      fileBytes(writeWav(Buffer.alloc(12000))),
    ),
  ).toEqual({
    language: 'ru',
    sentence: 'disabled',
    custom: true,
    durationMs: 750,
  });
  const custom = (await api.announcements()).slots.filter((s) => s.custom);
  expect(custom).toMatchObject([{ language: 'ru', sentence: 'disabled', durationMs: 750 }]);
  await api.restoreAnnouncement({ language: 'ru', sentence: 'disabled' });
  expect((await api.announcements()).slots.some((s) => s.custom)).toBe(false);
  await expect(
    api.replaceAnnouncement(
      { language: 'en', sentence: 'busy' },
      fileBytes(writeWav(Buffer.alloc(8 * 16000))),
    ),
  ).rejects.toMatchObject({
    status: 400,
    fields: [{ path: 'body', message: 'the recording lasts 8.0 s; at most 7 s' }],
  });
});

it('the admin chooses the language callers hear them in; the SIP path reads it', async () => {
  pbx = await startTestPbx();
  const admin = await signedInAdmin(pbx);
  expect((await admin.get<{ announcementLanguage: string }>('/admin/company')).body).toMatchObject({
    announcementLanguage: 'ru',
  });
  const patched = await admin.patch('/admin/company', { announcementLanguage: 'en' });
  expect([
    patched.status,
    (patched.body as { announcementLanguage: string }).announcementLanguage,
  ]).toEqual([200, 'en']);
  await pbx.pbx.directory.sync();
  expect(pbx.pbx.directory.companies.get(pbx.companyId)?.announcementLanguage).toBe('en');
  expect((await admin.patch('/admin/company', { announcementLanguage: 'de' })).status).toBe(400);
});
