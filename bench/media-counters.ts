/** Whether audio flows: rtpengine's per-call packet counters, read over ng. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NgError, type NgClient, type NgReply } from '../pbx/media/ng-client';
import { CLI_PORT } from './media-processes';

const execFileAsync = promisify(execFile);

const QUERY_CONCURRENCY = 10;

// --- audio check ------------------------------------------------------------------------------

/** Packets rtpengine received so far on each side of a call: [employee, carrier]. */
export type Counters = [number, number];

/** One call's counters when they were read, or why there are none. */
export interface Read {
  at: number;
  /** How long the query took, ms. */
  rttMs: number;
  counters?: Counters;
  problem?: 'no ng answer in 2 s' | 'unknown to rtpengine' | 'not answered yet';
}

export interface NgStream {
  stats?: { packets?: number };
}
export interface NgMonologue {
  medias?: { streams?: NgStream[] }[];
}

/** Packets per side from a `query` reply: the employee's tag is SIPp's From tag. */
export function countersOf(reply: NgReply, employeeTag: string): Counters | undefined {
  const tags = (reply.tags ?? {}) as Record<string, NgMonologue>;
  let employee: number | undefined;
  let carrier: number | undefined;
  for (const [tag, monologue] of Object.entries(tags)) {
    // RTP only: the first stream of each media (RTCP, when demuxed, is the second).
    const packets = (monologue.medias ?? []).reduce(
      (sum, media) => sum + (media.streams?.[0]?.stats?.packets ?? 0),
      0,
    );
    if (tag === employeeTag) employee = packets;
    else carrier = Math.max(carrier ?? 0, packets);
  }
  return employee === undefined || carrier === undefined ? undefined : [employee, carrier];
}

/**
 * Each call's counters, QUERY_CONCURRENCY queries at a time (a burst of queries to a busy
 * rtpengine times out), with when each was read and how long rtpengine took to answer.
 */
export async function readCounters(ng: NgClient, calls: { callId: string; tag: string }[]) {
  const reads: Read[] = new Array<Read>(calls.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < calls.length; i = next++) {
      const { callId, tag } = calls[i]!;
      const sent = performance.now();
      try {
        const counters = countersOf(await ng.query({ 'call-id': callId }), tag);
        const at = performance.now();
        reads[i] = {
          at,
          rttMs: at - sent,
          counters,
          problem: counters ? undefined : 'not answered yet',
        };
      } catch (error) {
        const timeout = error instanceof NgError && error.failure === 'timeout';
        const at = performance.now();
        reads[i] = {
          at,
          rttMs: at - sent,
          problem: timeout ? 'no ng answer in 2 s' : 'unknown to rtpengine',
        };
      }
    }
  };
  await Promise.all(Array.from({ length: QUERY_CONCURRENCY }, worker));
  return reads;
}

/** rtpengine's CLI (`rtpengine-ctl`, a Perl script) with `args`; its output. */
export async function rtpengineCtl(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(
    'rtpengine-ctl',
    ['-ip', '127.0.0.1', '-port', `${CLI_PORT}`, ...args],
    { timeout: 5000 },
  );
  return stdout;
}

/**
 * Packets per second through each of rtpengine's transcoders (`list transcoders`), e.g.
 * `PCMA/8000 -> PCMU/8000` (employee to carrier) and `PCMU/8000 -> PCMA/8000` (back).
 */
export async function transcoderRates(): Promise<Record<string, number>> {
  const rates: Record<string, number> = {};
  let pair = '';
  for (const line of (await rtpengineCtl('list', 'transcoders')).split('\n')) {
    const head = /^(\S+) -> (\S+): \d+ transcoders/.exec(line);
    if (head) pair = `${head[1]} -> ${head[2]}`;
    const pps = /^\s+(\d+) packets\/s/.exec(line);
    if (pps && pair) rates[pair] = Number(pps[1]);
  }
  return rates;
}
