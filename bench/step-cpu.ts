/**
 * Where the CPU went during a load step, in % of one core (200 % = both cores of this machine):
 * the server under test, everything the bench started (its process tree: the server, both
 * SIPps, the bench itself), the kernel's packet handling (irq + softirq, charged to no process),
 * steal (the hypervisor running other VMs on this VM's cores) and "others", what else ran in
 * this VM. A run during which steal and others took more than DISTURBED_PERCENT of a core
 * measured the machine's neighbours as much as the server.
 */
import { cpus } from 'node:os';
import { cpuTicks, machineTicks, processTable, TICKS } from './media-cpu';

export interface StepCpu {
  /** The server's process (the PBX), when its pid is known. */
  server?: number;
  /** The bench's whole process tree, the server included. */
  benchTree: number;
  kernel: number;
  machine: number;
  steal: number;
  others: number;
}

/** Steal + others above this (% of one core): the run is repeated where the bench can. */
export const DISTURBED_PERCENT = 10;

export function disturbed(cpu: StepCpu): boolean {
  return cpu.steal + cpu.others > DISTURBED_PERCENT;
}

/** CPU ticks of this process, its reaped children, and every live descendant. */
function treeTicks(): number {
  const parentOf = new Map(processTable().map((p) => [p.pid, p.ppid]));
  let ticks = cpuTicks(process.pid, true);
  for (const pid of parentOf.keys()) {
    for (let up = parentOf.get(pid); up !== undefined && up > 1; up = parentOf.get(up)) {
      if (up === process.pid) {
        ticks += cpuTicks(pid);
        break;
      }
    }
  }
  return ticks;
}

/** Starts counting; the returned function reads the shares since then. */
export function watchCpu(serverPid?: number): () => StepCpu {
  const started = { at: performance.now(), tree: treeTicks(), machine: machineTicks() };
  const serverStart = serverPid === undefined ? 0 : cpuTicks(serverPid);
  return () => {
    const seconds = (performance.now() - started.at) / 1000;
    const machine = machineTicks();
    const cores = cpus().length;
    const round = (share: number) => Math.round(share * 10) / 10;
    const ofMachine = (ticks: number) =>
      (ticks / Math.max(1, machine.total - started.machine.total)) * cores * 100;
    const busy = ofMachine(machine.busy - started.machine.busy);
    const kernel = ofMachine(machine.irq - started.machine.irq);
    const steal = ofMachine(machine.steal - started.machine.steal);
    const benchTree = ((treeTicks() - started.tree) / TICKS / seconds) * 100;
    return {
      ...(serverPid === undefined
        ? {}
        : { server: round(((cpuTicks(serverPid) - serverStart) / TICKS / seconds) * 100) }),
      benchTree: round(benchTree),
      kernel: round(kernel),
      machine: round(busy),
      steal: round(steal),
      others: round(Math.max(0, busy - kernel - steal - benchTree)),
    };
  };
}
