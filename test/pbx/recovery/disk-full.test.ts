import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { callApi, type ApiResponse } from '../../support/api';
import { ChildPbx, seedDataDir } from '../../support/child-pbx';
import { untilAsync } from '../../support/poll';
import { registerWithDigest } from '../../support/raw-sip-client';
import { hangUp } from '../../support/sip-peer';
import { autoAnswer, call, closePhones, udpPhone } from './phones';

let pbx: ChildPbx | undefined;
const stops: (() => void)[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  closePhones();
  await pbx?.stop('SIGKILL');
  pbx = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes zeros into `file` until the disk under it is full; how many bytes went in. */
function fillDisk(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

it('a full disk: calls go on, the API refuses changes with 503 in words, the log stays small, nothing acknowledged is lost once space returns', async () => {
  const seedDir = mkdtempSync(join(tmpdir(), 'pbx-disk-seed-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'pbx-disk-'));
  dirs.push(seedDir, dataDir);
  const { employees, admin } = await seedDataDir(seedDir, 2, 2);
  const [anna, boris] = [employees[0]!, employees[1]!];
  // A 4 MB disk of its own, in a mount namespace of its own: the test fills it, not the machine's.
  pbx = await ChildPbx.start({ dataDir, seedDir, tmpfsBytes: 4 * 1024 * 1024 });
  const running = pbx;
  const api = (method: string, path: string, token?: string, body?: unknown) =>
    callApi(running.asTestPbx, method, `/api/v1${path}`, { token, body });
  const adminToken = (await api('POST', '/auth/admin', undefined, admin)).body.token as string;
  const annaToken = (
    await api('POST', '/auth/employee', undefined, {
      sipNumber: anna.sipNumber,
      password: anna.password,
    })
  ).body.token as string;
  const borisPhone = await udpPhone(running.sipPort);
  expect(await registerWithDigest(borisPhone, boris.sipNumber, boris.password)).toBe(200);
  stops.push(autoAnswer(borisPhone));

  /** Anna calls Boris, whose phone answers; then he hangs up. */
  const answeredAndEnded = async () => {
    const { response, phone } = await call(running.sipPort, anna, boris);
    stops.push(autoAnswer(phone)); // Anna's phone answers the BYE
    const callId = response.headers.get('call-id');
    const invite = borisPhone.requests.find(
      (r) => r.method === 'INVITE' && r.headers.get('call-id') === callId,
    );
    const bye = invite ? (await hangUp(borisPhone, invite)).status : 0;
    return [response.status, bye];
  };
  expect(await answeredAndEnded()).toEqual([200, 200]);

  const filler = `/proc/${running.pid}/root${dataDir}/filler`;
  const logBefore = running.lines.length;
  expect(fillDisk(filler)).toBeGreaterThan(1024 * 1024);

  // Renames until the database refuses one: each 200 is a change acknowledged.
  let acknowledged = 'Employee 0';
  let refused: ApiResponse | undefined;
  const refusals: ApiResponse[] = [];
  for (let i = 0; i < 400 && refusals.length < 50; i++) {
    const name = `Anna renamed ${i} ${'x'.repeat(100)}`;
    const answer = await api('PATCH', `/admin/employees/${anna.id}`, adminToken, { name });
    if (answer.status === 200) acknowledged = name;
    else refusals.push(answer);
    refused ??= answer.status === 200 ? undefined : answer;
  }
  expect(refusals).toHaveLength(50);
  expect(new Set(refusals.map((r) => r.status))).toEqual(new Set([503]));
  expect(refused?.headers.get('x-pbx-reason')).toBe('storage-unavailable');
  expect(refused?.headers.get('retry-after')).toBe('30');
  expect(refused?.body).toEqual({
    error: 'unavailable',
    message:
      'The PBX cannot save changes now: its disk is full. Your change was not saved; calls go on. Try again once space has been freed.',
  });
  const status = await api('GET', '/admin/storage', adminToken);
  expect(status.body).toMatchObject({ problem: 'disk-full' });
  // A request that saves nothing succeeds, and says nothing about the disk.
  const check = await api('POST', `/admin/employees/${anna.id}/caller-id-check`, adminToken, {
    client: '+78121112233',
  });
  expect(check.status).toBe(200);
  expect((await api('GET', '/admin/storage', adminToken)).body).toMatchObject({
    problem: 'disk-full',
  });

  // Calls go on, their records kept in memory.
  for (let i = 0; i < 5; i++) expect(await answeredAndEnded()).toEqual([200, 200]);

  // One line for the lasting problem, not a stack per refused request.
  const logDuringFull = running.lines.slice(logBefore);
  expect(running.logged(/the database cannot write: its disk is full/)).toHaveLength(1);
  expect(logDuringFull.length).toBeLessThan(15);
  expect(logDuringFull.join('\n')).not.toMatch(/"stack"/);

  unlinkSync(filler);
  await untilAsync(
    async () => (await api('GET', '/admin/storage', adminToken)).body.problem === null,
    15_000,
    'the queued call records written',
  );
  // The log's last word on the database is that it writes again.
  const storageLines = running.logged(/"module":"storage"/);
  expect(storageLines.at(-1)).toMatch(/the database writes again/);
  const employee = await api('GET', `/admin/employees/${anna.id}`, adminToken);
  expect(employee.body.name).toBe(acknowledged);
  const renamed = await api('PATCH', `/admin/employees/${anna.id}`, adminToken, { name: 'Anna' });
  expect(renamed.status).toBe(200);
  const calls = await api('GET', '/me/calls', annaToken);
  expect(calls.body).toHaveLength(6);
  for (const record of calls.body as { result: string; endedAt: string | null }[]) {
    expect(record).toMatchObject({ result: 'answered', endedAt: expect.any(String) });
  }
}, 120_000);
