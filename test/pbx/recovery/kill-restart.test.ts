import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDataDirStore } from '../../../pbx/store';
import { ChildPbx, seedDataDir } from '../../support/child-pbx';
import { RawSipClient, registerContact, registerWithDigest } from '../../support/raw-sip-client';
import { busyTcpPhone } from '../../support/tcp-phone';
import { autoAnswer, call, closePhones, udpPhone } from './phones';

let pbx: ChildPbx | undefined;
const stops: (() => void)[] = [];
let dataDir: string | undefined;

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  closePhones();
  await pbx?.stop('SIGKILL');
  pbx = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const NODE = ['--node-name', 'recovery-test'];

it('kill -9 during 50 calls: on restart the records are closed, the lines free, and a UDP phone is called without registering again', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pbx-recovery-'));
  // Ten callers and five callees of ten lines each: 50 calls fill every callee's lines.
  const { employees } = await seedDataDir(dataDir, 15, 10);
  const callers = employees.slice(0, 10);
  const callees = employees.slice(10);
  pbx = await ChildPbx.start({ dataDir, args: NODE });
  const first = pbx;
  const phones = await Promise.all(callees.map(() => udpPhone(first.sipPort)));
  for (const [i, phone] of phones.entries()) {
    const callee = callees[i]!;
    expect(await registerWithDigest(phone, callee.sipNumber, callee.password)).toBe(200);
    stops.push(autoAnswer(phone));
  }

  const calls = await Promise.all(
    Array.from({ length: 50 }, (_, i) => call(first.sipPort, callers[i % 10]!, callees[i % 5]!)),
  );
  expect(calls.map((c) => c.response.status)).toEqual(Array(50).fill(200));
  const callIds = calls.map((c) => c.response.headers.get('call-id') ?? '');
  // A full callee: the eleventh call finds no free line.
  expect((await call(first.sipPort, callers[0]!, callees[0]!)).response.status).toBe(486);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the records' batch committed

  await first.stop('SIGKILL');
  expect(first.child.signalCode).toBe('SIGKILL');
  // Restarted as a service is: on the same port, which the phones know.
  pbx = await ChildPbx.start({ dataDir, args: [...NODE, '--sip-port', String(first.sipPort)] });
  const second = pbx;

  // The same phone socket, never registered with this process: called at once.
  const after = await call(second.sipPort, callers[0]!, callees[0]!);
  expect(after.response.status).toBe(200);
  expect(second.logged(/bindings kept over the restart/)).toHaveLength(1);
  expect(second.logged(/call records left open ended/)).toHaveLength(1);

  await second.stop('SIGTERM');
  pbx = undefined;
  const store = await openDataDirStore(dataDir);
  try {
    const records = await Promise.all(callIds.map((id) => store.callRecords.getByCallId(id)));
    expect(records.map((r) => [r?.result, r?.endReason, r?.endedAt !== null])).toEqual(
      Array(50).fill(['failed', 'PBX restarted', true]),
    );
    const answeredAfter = await store.callRecords.getByCallId(
      after.response.headers.get('call-id') ?? '',
    );
    expect(answeredAfter).toMatchObject({ callerNumber: callers[0]!.sipNumber, endReason: null });
    expect(answeredAfter?.answeredAt).not.toBeNull();
  } finally {
    await store.close();
  }
}, 120_000);

it('kill -9: a plain TCP phone (RFC 3261) is called over a new connection to its Contact without registering again', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pbx-recovery-'));
  const { employees } = await seedDataDir(dataDir, 2, 1);
  const [anna, boris] = [employees[0]!, employees[1]!];
  const phone = await busyTcpPhone(); // Boris's desk phone: listens on its Contact, answers 486
  stops.push(() => phone.server.close());
  pbx = await ChildPbx.start({ dataDir, args: NODE });
  const first = pbx;
  const registration = await RawSipClient.connect('tcp', first.sipPort);
  const registered = await registerContact(registration, boris, {
    contact: `<sip:${boris.sipNumber}@127.0.0.1:${phone.port};transport=tcp>`,
  });
  expect(registered.status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the binding's batch committed

  await first.stop('SIGKILL');
  registration.close();
  pbx = await ChildPbx.start({ dataDir, args: NODE });
  const second = pbx;

  const after = await call(second.sipPort, anna, boris);
  expect(after.response.status).toBe(486);
  expect([phone.connections, phone.invites]).toEqual([1, 1]);
  expect(second.logged(/bindings kept over the restart/)).toHaveLength(1);
}, 60_000);
