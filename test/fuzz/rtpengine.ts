import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { NgClient } from '../../pbx/media/ng-client';
import { rtpengineArgs } from '../support/rtpengine';
import { freePort } from '../support/sipp';

/** The media ports the fuzzer's rtpengine may use: hundreds of calls are anchored at once. */
const PORTS = 2000;

export interface FuzzRtpengine {
  host: string;
  port: number;
  /** How many calls it holds now (ng `list`). */
  callCount(): Promise<number>;
  /** CPU seconds the daemon used so far (Linux /proc); undefined elsewhere. */
  cpuSeconds(): number | undefined;
  stop(): void;
}

/** Whether rtpengine is installed (the fuzzer then anchors carrier calls and transfers there). */
export function rtpengineInstalled(): boolean {
  try {
    accessSync('/usr/bin/rtpengine', constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Starts rtpengine with a free ng port and a block of 2,000 media ports; resolves on `ping`. */
export async function startFuzzRtpengine(): Promise<FuzzRtpengine> {
  const ngPort = await freePort();
  const portMin = 20000 + PORTS * Math.floor(Math.random() * (40000 / PORTS));
  const args = rtpengineArgs(ngPort, portMin, portMin + PORTS - 1).map((arg) =>
    arg.startsWith('--log-level=') ? '--log-level=3' : arg,
  );
  const child = spawn('/usr/bin/rtpengine', args, { stdio: ['ignore', 'ignore', 'ignore'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const ng = new NgClient({ host: '127.0.0.1', port: ngPort, timeoutMs: 200 });
  try {
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null) throw new Error(`rtpengine exited (${child.exitCode})`);
      try {
        await ng.ping();
        break;
      } catch (error) {
        if (attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    kill();
    throw error;
  } finally {
    await ng.close();
  }
  return {
    host: '127.0.0.1',
    port: ngPort,
    cpuSeconds: () => procCpuSeconds(child.pid),
    callCount: async () => {
      const client = new NgClient({ host: '127.0.0.1', port: ngPort, timeoutMs: 1000 });
      try {
        return (await client.list()).length;
      } finally {
        await client.close();
      }
    },
    stop: () => {
      process.off('exit', kill);
      child.kill('SIGTERM');
    },
  };
}

/** utime + stime of a process from /proc/PID/stat, at the usual 100 ticks a second. */
function procCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
