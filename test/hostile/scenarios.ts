/**
 * The attacks of the hostile-load suite (issue 20), each on a fresh PBX process while honest
 * devices register and call: what the PBX's memory did, what the honest devices met, whether
 * the PBX lived. Used by the CI form (hostile.test.ts) and the full one (bench/hostile.ts).
 */
import { rmSync } from 'node:fs';
import { attack, HOSTILE_ADMIN, prepareDataDir, startPbxChild, type PbxChild } from './processes';
import type { AttackKind, AttackReport } from './attacker';
import { ADDRESSES, attackerAddress, type HostilePlan } from './config';
import {
  adminProbe,
  placeCalls,
  registerProbe,
  startHonestDevices,
  startOffice,
  type AdminTally,
  type HonestTally,
} from './honest';

export interface Figures {
  name: string;
  attackSeconds: number;
  /** How long the attack took to build up (its connections opened) before it held. */
  rampSeconds: number;
  /** RSS of the PBX with the honest devices registered, after a GC, before the attack. */
  idleRss: number;
  /** The highest RSS sampled (every 50 ms) during the attack. */
  maxRss: number;
  honest: HonestTally;
  /** The admin signing in with the right password meanwhile, from an address of their own. */
  admin: AdminTally;
  attackers: AttackReport;
  /** Connections (or sign-ins in flight) the attack was to hold. */
  planned: number;
  /** The longest the PBX's event loop was held up during the attack, ms. */
  loopDelayMaxMs: number;
  /** The PBX's counters at the height of the attack (the guard's and pbx.stats). */
  pbx: Record<string, number>;
  alive: boolean;
  wallSeconds: number;
}

/** Each attack's connections and where they come from. */
function attackShape(kind: AttackKind, plan: HostilePlan): { count: number; addresses: string[] } {
  const spread = (count: number, perAddress: number) => ({
    count,
    addresses: Array.from({ length: Math.ceil(count / perAddress) }, (_, i) => attackerAddress(i)),
  });
  switch (kind) {
    case 'bodies':
      return spread(plan.bodies, 1000);
    case 'idle':
      return spread(plan.idle, 1000);
    case 'slowloris':
      return spread(plan.slowloris, 500);
    case 'ws-flood':
      return spread(plan.wsFlood, 100);
    case 'sign-ins':
      return spread(plan.signIns, 10);
  }
}

/** Long enough for the read timeout (10 s) to close what a slowloris holds at least once. */
const SLOWLORIS_MIN_SECONDS = 13;

const since = Date.now();
/** Progress on stderr with HOSTILE_TRACE=1: where a run spends its time. */
const trace = (what: string) => {
  if (process.env.HOSTILE_TRACE === '1') {
    process.stderr.write(`hostile +${((Date.now() - since) / 1000).toFixed(1)} s: ${what}\n`);
  }
};

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withPbx<T>(
  users: number,
  run: (pbx: PbxChild, numbers: string[]) => Promise<T>,
): Promise<T> {
  trace('preparing the data');
  const { dir, numbers } = await prepareDataDir(users);
  trace('starting the PBX');
  const pbx = await startPbxChild(dir);
  try {
    return await run(pbx, numbers);
  } finally {
    trace('stopping the PBX');
    await pbx.stop();
    rmSync(dir, { recursive: true, force: true });
    trace('stopped');
  }
}

/** Whether the PBX lived through the run, and how long the run took. */
async function ending(pbx: PbxChild, started: number) {
  return { alive: await pbx.alive(), wallSeconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** One attack while SIPp's honest devices re-register and call, and new TCP phones register. */
export function runAttack(kind: AttackKind, plan: HostilePlan): Promise<Figures> {
  const seconds =
    kind === 'slowloris' ? Math.max(plan.attackSeconds, SLOWLORIS_MIN_SECONDS) : plan.attackSeconds;
  return withPbx(plan.honestDevices + 1, async (pbx, numbers) => {
    const started = Date.now();
    const remote = `127.0.0.1:${pbx.sipPort}`;
    const shape = attackShape(kind, plan);
    trace('registering the honest devices');
    const devices = await startHonestDevices(remote, ADDRESSES.honest, numbers.slice(1));
    try {
      const idleRss = await pbx.idleRss();
      trace(`attacking: ${kind}`);
      const attackers = attack({
        kind,
        sipPort: pbx.sipPort,
        httpPort: pbx.httpPort,
        seconds,
        adminEmail: HOSTILE_ADMIN.email,
        ...shape,
      });
      // New phones and the admin meet the attack as it builds up; SIPp's devices work while
      // it holds, and end before it does.
      const probe = registerProbe(pbx.sipPort, ADDRESSES.probe, numbers[0]!);
      const admin = adminProbe(pbx.httpPort, ADDRESSES.admin, HOSTILE_ADMIN);
      const rampMs = await attackers.ready;
      trace(`built up in ${rampMs} ms`);
      const work = await devices.work(seconds - 3, plan.callsPerSecond, plan.registersPerSecond);
      trace('honest work done');
      const stats = await pbx.stats();
      const probed = await probe.stop();
      const adminTally = await admin.stop();
      const report = await attackers.done;
      trace('attack over');
      const { max, loopDelayMaxMs } = await pbx.memory();
      return {
        name: kind,
        attackSeconds: seconds,
        rampSeconds: rampMs / 1000,
        idleRss,
        maxRss: max,
        honest: {
          ...work,
          registrations: work.registrations + probed.registrations,
          failedRegistrations: work.failedRegistrations + probed.failedRegistrations,
        },
        admin: adminTally,
        attackers: report,
        planned: shape.count,
        loopDelayMaxMs,
        pbx: stats,
        ...(await ending(pbx, started)),
      };
    } finally {
      devices.stop();
    }
  });
}

/**
 * An office of phones behind one NAT address, each on a TCP connection of its own, calling each
 * other (SIPp from the same address) and registering again, while an attacker on another
 * address holds idle connections by the thousand.
 */
export function runOffice(plan: HostilePlan): Promise<Figures> {
  const seconds = plan.attackSeconds;
  return withPbx(plan.officePhones, async (pbx, numbers) => {
    const started = Date.now();
    const shape = attackShape('idle', plan);
    const office = await startOffice(pbx.sipPort, ADDRESSES.office, numbers);
    try {
      const idleRss = await pbx.idleRss();
      const attackers = attack({
        kind: 'idle',
        sipPort: pbx.sipPort,
        httpPort: pbx.httpPort,
        seconds,
        ...shape,
      });
      const admin = adminProbe(pbx.httpPort, ADDRESSES.admin, HOSTILE_ADMIN);
      const rampMs = await attackers.ready;
      const calls = placeCalls(
        `127.0.0.1:${pbx.sipPort}`,
        ADDRESSES.office,
        numbers,
        plan.callsPerSecond,
        seconds - 3,
      );
      const first = await office.reregister();
      await wait(((seconds - 3) * 1000) / 2);
      const second = await office.reregister();
      const stats = await pbx.stats();
      const placed = await calls;
      const report = await attackers.done;
      const { max, loopDelayMaxMs } = await pbx.memory();
      const closed = office.closed();
      return {
        name: `office of ${numbers.length} behind one address, idle flood beside`,
        attackSeconds: seconds,
        rampSeconds: rampMs / 1000,
        idleRss,
        maxRss: max,
        honest: {
          calls: placed.created,
          failedCalls: placed.failed,
          registrations: first.registrations + second.registrations,
          failedRegistrations: first.failedRegistrations + second.failedRegistrations + closed,
        },
        admin: await admin.stop(),
        attackers: report,
        planned: shape.count,
        loopDelayMaxMs,
        pbx: stats,
        ...(await ending(pbx, started)),
      };
    } finally {
      office.stop();
    }
  });
}

export const ATTACKS: readonly AttackKind[] = [
  'bodies',
  'idle',
  'slowloris',
  'ws-flood',
  'sign-ins',
];
