import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { KAMAILIO_RATIO_TARGETS, LATENCY_RATE, OVERLOAD_SECONDS, RESULTS, TARGETS } from './config';
import type { Latency, Limit, Recovery } from './measure';
import type { Memory } from './pbx';
import type { SoftphoneFigures } from './softphone';

export interface Figures {
  register: Limit;
  calls: Limit;
  latency: Latency;
  memory?: { idle: Memory; afterRegister: Memory; registered: Memory };
  recovery: Recovery;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Prints the table (PBX against the targets, Kamailio alongside) and writes latest.json. */
export function report(
  pbx: Figures,
  kamailio: Figures | undefined,
  note: string,
  softphone?: SoftphoneFigures,
): string {
  const mem = pbx.memory?.registered;
  const rows: [string, string, string, boolean, string][] = [
    [
      'Authenticated REGISTER/s (<0.1% failed)',
      `${pbx.register.rate}`,
      `>= ${TARGETS.registerPerSecond}`,
      pbx.register.rate >= TARGETS.registerPerSecond,
      kamailio ? `${kamailio.register.rate}` : '-',
    ],
    [
      'Calls/s INVITE..BYE (<0.1% failed)',
      `${pbx.calls.rate}`,
      `>= ${TARGETS.callsPerSecond}`,
      pbx.calls.rate >= TARGETS.callsPerSecond,
      kamailio ? `${kamailio.calls.rate}` : '-',
    ],
    [
      'INVITE->200 p50 / p99 ms @100 calls/s (median run; p99 of each)',
      latencyCell(pbx.latency),
      `p99 < ${TARGETS.setupP99Ms}`,
      pbx.latency.failed === 0 && pbx.latency.p99Ms < TARGETS.setupP99Ms,
      kamailio ? latencyCell(kamailio.latency) : '-',
    ],
    [
      `RSS / heap MB, ${mem?.bindings ?? 0} bindings`,
      mem ? `${mb(mem.rss)} / ${mb(mem.heapUsed)}` : 'n/a',
      `< ${TARGETS.memoryMb} (RSS)`,
      mem !== undefined && mem.bindings >= 10_000 && mb(mem.rss) < TARGETS.memoryMb,
      '-',
    ],
    [
      `s until ${LATENCY_RATE} calls/s pass again, after ${OVERLOAD_SECONDS} s at 2x the call limit`,
      recoveryCell(pbx.recovery),
      'info',
      pbx.recovery.seconds !== undefined,
      kamailio ? recoveryCell(kamailio.recovery) : '-',
    ],
    ...(softphone ? softphoneRows(softphone) : []),
  ];
  const ratios = kamailio ? kamailioRatios(pbx, kamailio) : [];
  const header = ['Measure', 'PBX', 'Target', 'Result', 'Kamailio', 'PBX/Kamailio'];
  const cells = rows.map(([m, v, t, ok, k], i) => [
    m,
    v,
    t,
    ok ? 'PASS' : 'FAIL',
    k,
    ratios[i] ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i] ?? 0)).join(' | ');
  const table = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)];
  const file = join(RESULTS, 'latest.json');
  mkdirSync(RESULTS, { recursive: true });
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version };
  const json = {
    date: new Date().toISOString(),
    machine,
    note,
    targets: TARGETS,
    pbx,
    kamailio,
    softphone,
  };
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  return [...table, '', `Details: ${file}`, note].join('\n');
}

/**
 * The ratio column, in the order of the first rows: REGISTER/s and calls/s (target ≥ 0.5×
 * Kamailio), setup p99 (target ≤ 2× Kamailio's). Each says PASS or FAIL against its target.
 */
export function kamailioRatios(pbx: Figures, kamailio: Figures): string[] {
  const { rateAtLeast, setupP99AtMost } = KAMAILIO_RATIO_TARGETS;
  const cell = (ratio: number, ok: boolean, target: string) =>
    Number.isFinite(ratio) ? `${ratio.toFixed(2)}x (${target}: ${ok ? 'PASS' : 'FAIL'})` : '-';
  const rate = (a: number, b: number) => {
    const ratio = a / b;
    return cell(ratio, ratio >= rateAtLeast, `>= ${rateAtLeast}`);
  };
  const p99 = pbx.latency.p99Ms / kamailio.latency.p99Ms;
  return [
    rate(pbx.register.rate, kamailio.register.rate),
    rate(pbx.calls.rate, kamailio.calls.rate),
    cell(p99, p99 <= setupP99AtMost, `<= ${setupP99AtMost}`),
  ];
}

/** Softphone rows (median of the runs, Chromium on loopback); informational ones pass always. */
function softphoneRows(f: SoftphoneFigures): [string, string, string, boolean, string][] {
  const median = `median of ${f.runs}`;
  return [
    [
      `Softphone page requested -> sign-in form ms (${median})`,
      `${f.pageLoadToSignInFormMs}`,
      `< ${TARGETS.softphonePageLoadMs}`,
      f.pageLoadToSignInFormMs < TARGETS.softphonePageLoadMs,
      '-',
    ],
    [
      `Softphone page requested -> registered ms (${median})`,
      `${f.pageLoadToRegisteredMs}`,
      'info',
      true,
      '-',
    ],
    [
      `Softphone Sign in -> registered ms (${median})`,
      `${f.registeredMs}`,
      `<= ${TARGETS.softphoneRegisteredMs}`,
      f.registeredMs <= TARGETS.softphoneRegisteredMs,
      '-',
    ],
    [`Softphone dial -> INVITE at PBX ms (${median})`, `${f.dialToInviteMs}`, 'info', true, '-'],
    [
      `Softphone dial -> ringing at callee ms (${median})`,
      `${f.dialToRingingMs}`,
      `<= ${TARGETS.dialToRingingMs}`,
      f.dialToRingingMs <= TARGETS.dialToRingingMs,
      '-',
    ],
    [
      `Softphone answer -> first audio bytes ms (${median})`,
      `${f.answerToAudioMs}`,
      'info',
      true,
      '-',
    ],
    [
      'Renderer JavaScript KB (gzip)',
      `${f.bundleGzipKb}`,
      `<= ${TARGETS.bundleGzipKb}`,
      f.bundleGzipKb <= TARGETS.bundleGzipKb,
      '-',
    ],
  ];
}

/** A plain text table: a header row, a rule, the rows; columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i] ?? 0)).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/**
 * Adds `value` under `key` to bench/results/latest.json, keeping what is there (a part of the
 * bench that runs in a process of its own, e.g. bench/media-bridge.ts); returns the file.
 */
export function mergeIntoResults(key: string, value: unknown): string {
  const file = join(RESULTS, 'latest.json');
  mkdirSync(RESULTS, { recursive: true });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    json = { date: new Date().toISOString() };
  }
  json[key] = { date: new Date().toISOString(), ...(value as object) };
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  return file;
}

/** "0 (3000/s: 4350/15000 failed)": seconds until calls pass again, and the overload. */
export function recoveryCell({ overload, seconds }: Recovery): string {
  const after = seconds === undefined ? 'never' : `${seconds}`;
  return `${after} (${overload.rate}/s: ${overload.failed}/${overload.created} failed)`;
}

function latencyCell(latency: Latency): string {
  const runs = latency.p99MsOfRuns ? ` (${latency.p99MsOfRuns.join(', ')})` : '';
  return `${latency.p50Ms} / ${latency.p99Ms}${runs}`;
}
