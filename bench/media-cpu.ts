/** CPU shares of the media benchmark's processes and of the machine, from /proc. */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import type { LevelResult } from './media-bridge';

// --- CPU --------------------------------------------------------------------------------------

export const TICKS = 100; // USER_HZ

/** CPU time of a process (all its threads), with its children that ended when `reaped`. */
export function cpuTicks(pid: number, reaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // utime stime cutime cstime
    const [u, s, cu, cs] = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .slice(11, 15)
      .map(Number);
    return u! + s! + (reaped ? cu! + cs! : 0);
  } catch {
    return 0;
  }
}

/** `steal`: time the hypervisor gave this VM's cores to others (counted in `busy`). */
export function machineTicks(): { busy: number; irq: number; steal: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // user nice system idle iowait irq softirq steal
  const n = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  const busy = total - (n[3] ?? 0) - (n[4] ?? 0);
  return { busy, irq: (n[5] ?? 0) + (n[6] ?? 0), steal: n[7] ?? 0, total };
}

/** Every process on the machine with its parent and command name, from /proc. */
export function processTable(): { pid: number; ppid: number; comm: string }[] {
  const table: { pid: number; ppid: number; comm: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      table.push({ pid: Number(entry), ppid, comm });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The pids of this process's children (named `name`, when given). */
export function childPids(name?: string): number[] {
  return processTable()
    .filter((p) => p.ppid === process.pid && (name === undefined || p.comm === name))
    .map((p) => p.pid);
}

export interface CpuSnapshot {
  at: number;
  rtpengine: number;
  pbx: number;
  sipp: number;
  self: number;
  machine: { busy: number; irq: number; total: number };
}

export function cpuSnapshot(rtpengine: number, pbx: number, sipps: number[]): CpuSnapshot {
  return {
    at: performance.now(),
    rtpengine: cpuTicks(rtpengine),
    pbx: cpuTicks(pbx),
    sipp: sipps.reduce((sum, pid) => sum + cpuTicks(pid), 0),
    self: cpuTicks(process.pid, true), // with rtpengine-ctl
    machine: machineTicks(),
  };
}

export function cpuShares(a: CpuSnapshot, b: CpuSnapshot): LevelResult['cpu'] {
  const cores = cpus().length;
  const seconds = (b.at - a.at) / 1000;
  const share = (ticks: number) => Math.round((ticks / TICKS / seconds) * 1000) / 10;
  const ofMachine = (ticks: number) =>
    Math.round((ticks / (b.machine.total - a.machine.total)) * cores * 1000) / 10;
  const machine = ofMachine(b.machine.busy - a.machine.busy);
  // Packets through the loopback are handled in softirq, charged to no process.
  const kernel = ofMachine(b.machine.irq - a.machine.irq);
  const [rtpengine, pbx, sipp, self] = [
    share(b.rtpengine - a.rtpengine),
    share(b.pbx - a.pbx),
    share(b.sipp - a.sipp),
    share(b.self - a.self),
  ];
  const others = Math.max(
    0,
    Math.round((machine - kernel - rtpengine - pbx - sipp - self) * 10) / 10,
  );
  return { rtpengine, pbx, sipp, kernel, machine, others };
}
