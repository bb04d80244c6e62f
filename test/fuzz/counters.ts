/** What a run counts; the floors are issue 18's for a 10-minute run. */
export interface Counts {
  /** Dialogs set up (2xx and ACK) and ended with a BYE answered 200. */
  dialogsCompleted: number;
  /** Calls that ended before an answer as planned: CANCEL, refusal, a lost race. */
  callsEndedEarly: number;
  /** Scenarios that gave up on a step the PBX never answered (counted, not failed). */
  scenariosAborted: number;
  /** Requests inside a dialog sent broken or hostile (broken Route sets, Refer-To, ...). */
  inDialogMutations: number;
  /** Responses the PBX has no transaction for, or forged for one it has, broken. */
  strayOrForgedResponses: number;
  /** Other broken messages: initial requests, REGISTERs. */
  otherMutations: number;
  /** Stream writes carrying a cut message or two and more messages. */
  streamFrames: number;
  /** WebSocket frames that are not one plain SIP text message. */
  webSocketFrames: number;
  /** Every SIP message or frame the fuzzer sent to the PBX. */
  messagesSent: number;
  messagesReceived: number;
  transfers: number;
  registrations: number;
  checkCallsPassed: number;
  checkCallsFailed: number;
  exits: number;
  uncaughtExceptions: number;
  unhandledRejections: number;
  /** Errors inside the fuzzer's own scenarios (a bug of the fuzzer, shown in the report). */
  fuzzerErrors: number;
}

export function emptyCounts(): Counts {
  return {
    dialogsCompleted: 0,
    callsEndedEarly: 0,
    scenariosAborted: 0,
    inDialogMutations: 0,
    strayOrForgedResponses: 0,
    otherMutations: 0,
    streamFrames: 0,
    webSocketFrames: 0,
    messagesSent: 0,
    messagesReceived: 0,
    transfers: 0,
    registrations: 0,
    checkCallsPassed: 0,
    checkCallsFailed: 0,
    exits: 0,
    uncaughtExceptions: 0,
    unhandledRejections: 0,
    fuzzerErrors: 0,
  };
}

/** Issue 18: what a 10-minute run must reach. */
export const TEN_MINUTE_FLOORS = {
  dialogsCompleted: 50_000,
  inDialogMutations: 100_000,
  strayOrForgedResponses: 100_000,
  streamFrames: 20_000,
  webSocketFrames: 20_000,
  messagesSent: 1_000_000,
} as const;

export interface Memory {
  /** After the warm-up (the first batch): lingering transactions have reached their level. */
  first?: number;
  last?: number;
  max?: number;
  /** One per batch after the warm-up, each taken after a GC: what the drift is a trend of. */
  samples?: MemorySample[];
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  tables: Record<string, number>;
}

/**
 * The change over the run of a least-squares line through the samples, relative to its start:
 * one batch's noise (a GC that freed a little more, glibc keeping a page) does not decide it,
 * as it does when the first sample is compared with the last.
 */
export function trend(values: readonly number[]): number | undefined {
  const n = values.length;
  if (n < 2) return undefined;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  const slope = num / den;
  const start = meanY - slope * meanX;
  return start > 0 ? (slope * (n - 1)) / start : undefined;
}

/** The tables that grew over the samples (at least 50 % and by 200 entries): leak suspects. */
export function grownTables(samples: readonly MemorySample[]): string[] {
  const first = samples[0]?.tables ?? {};
  const last = samples.at(-1)?.tables ?? {};
  return Object.entries(last)
    .filter(([path, size]) => size - (first[path] ?? 0) >= 200 && size >= 1.5 * (first[path] ?? 0))
    .map(([path, size]) => `${path} ${first[path] ?? 0} → ${size}`);
}

/** RSS drift: the trend over the samples when there are three or more, else last against first. */
export function rssDrift(memory: Memory): number | undefined {
  const samples = memory.samples ?? [];
  if (samples.length >= 3) return trend(samples.map((s) => s.rss));
  return memory.first && memory.last ? (memory.last - memory.first) / memory.first : undefined;
}

/** CPU seconds spent while fuzzing, per process: what a rate on free cores is worked out from. */
export interface CpuUse {
  pbx: number;
  fuzzer: number;
  rtpengine?: number;
}

export interface Verdict {
  name: string;
  value: string;
  floor: string;
  pass: boolean;
}

/** Each floor with this run's figure, scaled to the run's length when it is not 10 minutes. */
export function verdicts(
  counts: Counts,
  memory: Memory,
  seconds: number,
  faults: number | undefined,
): Verdict[] {
  const scale = seconds / 600;
  const out: Verdict[] = Object.entries(TEN_MINUTE_FLOORS).map(([key, floor]) => {
    const value = counts[key as keyof typeof TEN_MINUTE_FLOORS];
    const needed = Math.ceil(floor * scale);
    return { name: key, value: String(value), floor: `≥ ${needed}`, pass: value >= needed };
  });
  const zero = (name: string, value: number) => ({
    name,
    value: String(value),
    floor: '0',
    pass: value === 0,
  });
  out.push(zero('exits', counts.exits));
  out.push(zero('uncaughtExceptions', counts.uncaughtExceptions));
  out.push(zero('unhandledRejections', counts.unhandledRejections));
  const drift = rssDrift(memory);
  out.push({
    name: 'rssDrift',
    value: drift === undefined ? 'n/a' : `${(drift * 100).toFixed(1)} %`,
    floor: '± 10 %',
    pass: drift !== undefined && Math.abs(drift) <= 0.1,
  });
  const checks = counts.checkCallsPassed + counts.checkCallsFailed;
  out.push({
    name: 'checkCalls',
    value: `${counts.checkCallsPassed}/${checks}`,
    floor: 'all',
    pass: checks > 0 && counts.checkCallsFailed === 0,
  });
  if (faults !== undefined) {
    out.push({ name: 'stats.faults', value: String(faults), floor: '(counted)', pass: true });
  }
  return out;
}

/**
 * The rates two free cores would allow, from the CPU each process spent: all three processes
 * share two cores, and the PBX alone is one thread (so never more than one core for it).
 */
export function extrapolate(counts: Counts, cpu: CpuUse): { dialogs: number; messages: number } {
  const total = cpu.pbx + cpu.fuzzer + (cpu.rtpengine ?? 0);
  const perSecond = Math.min(2 / Math.max(total, 1e-9), 1 / Math.max(cpu.pbx, 1e-9));
  return {
    dialogs: counts.dialogsCompleted * perSecond,
    messages: counts.messagesSent * perSecond,
  };
}

export function formatReport(
  counts: Counts,
  memory: Memory,
  seconds: number,
  faults: number | undefined,
  cpu?: CpuUse,
): string {
  const mb = (bytes?: number) =>
    bytes === undefined ? 'n/a' : `${(bytes / 1048576).toFixed(1)} MB`;
  const rate = (n: number) => `${(n / Math.max(1, seconds)).toFixed(1)}/s`;
  const lines = [
    `fuzz: ${seconds.toFixed(0)} s`,
    `  dialogs completed ${counts.dialogsCompleted} (${rate(counts.dialogsCompleted)}), ` +
      `ended early ${counts.callsEndedEarly}, aborted ${counts.scenariosAborted}, ` +
      `transfers ${counts.transfers}, registrations ${counts.registrations}`,
    `  messages sent ${counts.messagesSent} (${rate(counts.messagesSent)}), ` +
      `received ${counts.messagesReceived}`,
    `  in-dialog mutations ${counts.inDialogMutations}, stray or forged responses ` +
      `${counts.strayOrForgedResponses}, other mutations ${counts.otherMutations}`,
    `  cut or concatenated stream frames ${counts.streamFrames}, WebSocket frames ` +
      `${counts.webSocketFrames}`,
    `  RSS first ${mb(memory.first)}, last ${mb(memory.last)}, max ${mb(memory.max)}` +
      `; after GC over ${memory.samples?.length ?? 0} batches: RSS ${percent(rssDrift(memory))}, ` +
      `heap ${percent(trend(memory.samples?.map((s) => s.heapUsed) ?? []))}` +
      `, heap last ${mb(memory.samples?.at(-1)?.heapUsed)}`,
    `  tables that grew: ${grownTables(memory.samples ?? []).join(', ') || 'none'}; largest: ` +
      largestTables(memory.samples?.at(-1)?.tables ?? {}),
    `  check calls ${counts.checkCallsPassed} passed, ${counts.checkCallsFailed} failed; ` +
      `fuzzer errors ${counts.fuzzerErrors}`,
  ];
  if (cpu) {
    const free = extrapolate(counts, cpu);
    lines.push(
      `  CPU: PBX ${cpu.pbx.toFixed(1)} s, fuzzer ${cpu.fuzzer.toFixed(1)} s` +
        `${cpu.rtpengine === undefined ? '' : `, rtpengine ${cpu.rtpengine.toFixed(1)} s`}` +
        ` (${((cpu.pbx + cpu.fuzzer + (cpu.rtpengine ?? 0)) / Math.max(1, seconds)).toFixed(2)} cores);` +
        ` on two free cores about ${free.dialogs.toFixed(0)} dialogs/s, ${free.messages.toFixed(0)} messages/s`,
    );
  }
  lines.push('', `  ${'floor'.padEnd(24)}${'value'.padEnd(14)}${'needed'.padEnd(14)}result`);
  for (const v of verdicts(counts, memory, seconds, faults)) {
    lines.push(
      `  ${v.name.padEnd(24)}${v.value.padEnd(14)}${v.floor.padEnd(14)}${v.pass ? 'pass' : 'FAIL'}`,
    );
  }
  if (Math.abs(seconds - 600) > 30) {
    lines.push('', `  (floors scaled from 10 minutes to ${seconds.toFixed(0)} s)`);
  }
  return lines.join('\n');
}

function percent(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
}

function largestTables(tables: Record<string, number>): string {
  const top = Object.entries(tables).sort((a, b) => b[1] - a[1]);
  return `${top.length} watched, ${top
    .slice(0, 6)
    .map(([path, size]) => `${path} ${size}`)
    .join(', ')}`;
}
