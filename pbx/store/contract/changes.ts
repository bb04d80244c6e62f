import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Change } from '../store';
import type { ContractContext } from './harness';

const WRITER = fileURLToPath(new URL('./writer-process.ts', import.meta.url));

/** Runs writer-process.ts; resolves with its exit code and output. */
function writer(location: object, companyId: number, prefix: string, count: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, JSON.stringify(location), String(companyId), prefix, String(count)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
}

async function within(ms: number, check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The change stream: what any connection commits reaches every subscriber, in order. */
export function changesContract(t: ContractContext): void {
  describe('changes', () => {
    /** Subscribes; every change committed after this resolves is heard. */
    const listen = async () => {
      const heard: Change[] = [];
      const feed = t.store.changes();
      const stop = feed.subscribe((changes) => heard.push(...changes));
      await feed.sync();
      return { heard, feed, stop };
    };
    const keys = (changes: Change[]) => changes.map((c) => `${c.entity}:${c.key}`);

    it("delivers this store's own commits, in order, marked with its origin", async () => {
      const { heard, feed, stop } = await listen();
      const anna = await t.hire('Anna', '0000001');
      await t.acme.absences.create({
        employeeId: anna.id,
        from: 1,
        to: 2,
        reason: '',
        forwardToEmployeeId: null,
      });
      await t.acme.sipNumbers.updateSettings('0000001', { channels: 2 });
      await feed.sync();
      expect(keys(heard)).toEqual([
        `employee:${anna.id}`,
        'sip-number:0000001',
        `absence:${anna.id}`,
        'sip-number:0000001',
      ]);
      expect(heard.every((c) => c.origin === feed.origin && c.companyId === t.companyId)).toBe(
        true,
      );
      stop();
    });

    it('delivers what another connection commits, and nothing of a rolled-back transaction', async () => {
      const { heard, feed, stop } = await listen();
      const other = await t.openAgain();
      await expect(
        other.withTransaction(async (tx) => {
          await tx.companies.create({ name: 'Never' });
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      const beta = await other.companies.create({ name: 'Beta' });
      await other.settings.set('domain', 'corp.example');
      await feed.sync();
      expect(keys(heard)).toEqual([`company:${beta.id}`, 'settings:domain']);
      expect(heard[0]!.origin).not.toBe(feed.origin);
      expect(heard[0]!.origin).toBe(other.changes().origin);
      stop();
    });

    it("an answered call with a client announces that client's familiar number", async () => {
      const { heard, feed, stop } = await listen();
      const id = await t.store.callRecords.insert({
        callId: 'c',
        companyId: t.companyId,
        callerNumber: '0000001',
        callerName: 'Anna',
        calleeNumber: '+78121234567',
        calleeName: null,
        callerDevice: 'web',
        startedAt: 1,
        direction: 'outgoing',
        clientNumber: '+78121234567',
        companyNumber: '+78120000001',
      });
      await t.store.callRecords.markAnswered(id, 2, 'web');
      await t.store.callRecords.markEnded(id, 3, 'answered', 200);
      await feed.sync();
      expect(keys(heard)).toEqual(['familiar:+78121234567']);
      // With the employee who talked (the caller of an outgoing call), for return calls.
      expect(heard[0]!.data).toEqual({
        companyNumber: '+78120000001',
        answeredAt: 2,
        employeeNumber: '0000001',
      });
      stop();
    });

    it('two processes writing at once: every write lands once, serialised by the company lock', async () => {
      const { heard, stop } = await listen();
      const [a, b] = await Promise.all([
        writer(t.location, t.companyId, '1', 25),
        writer(t.location, t.companyId, '2', 25),
      ]);
      expect(a).toEqual({ code: 0, output: 'done\n' });
      expect(b).toEqual({ code: 0, output: 'done\n' });
      const employees = await t.acme.employees.list({ limit: 1000 });
      expect(employees).toHaveLength(50);
      expect(new Set(employees.map((e) => e.name)).size).toBe(50);
      expect(new Set(employees.map((e) => e.sipNumber)).size).toBe(50);
      await within(
        30_000,
        () => heard.filter((c) => c.entity === 'sip-number').length === 50,
        'the 50 new SIP numbers in the change stream',
      );
      stop();
    });
  });
}
