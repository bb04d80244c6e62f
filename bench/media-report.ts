/** The media benchmark's console table. */
import { spawnSync } from 'node:child_process';
import { LATENCY_RATE, type LevelResult, type MediaBridgeFigures } from './media-bridge';
import { formatTable } from './report';

export function describe(level: LevelResult): string {
  const { cpu, transcodedPps: t } = level;
  return [
    `${level.successful}/${level.created} completed`,
    `audio in ${level.flowing}/${level.sampled} sampled`,
    `min ${level.minPpsEmployee}/${level.minPpsCarrier} pkt/s in from employee/carrier`,
    `transcoded ${t.toCarrier}/${t.toEmployee} pkt/s`,
    `ng query ${level.ngQueryMs.p50}/${level.ngQueryMs.max} ms p50/max, reads done at ${level.readsDoneS} s`,
    `CPU rtpengine ${cpu.rtpengine}%, PBX ${cpu.pbx}%, SIPp ${cpu.sipp}%, softirq ${cpu.kernel}%, machine ${cpu.machine}% (others ${cpu.others}%)`,
    ...(level.reason ? [level.reason] : []),
  ].join('; ');
}

export function rtpengineVersion(): string {
  const run = spawnSync('rtpengine', ['--version'], { encoding: 'utf8' });
  return `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n')[0] || 'unknown';
}

/** The console table: one row per level, then the summary. */
export function mediaBridgeTable(f: MediaBridgeFigures): string {
  const levels = formatTable(
    [
      'Calls',
      'Completed',
      'Audio flows',
      'Min pkt/s in emp/carr',
      'Transcoded pkt/s A>U/U>A',
      'ng query ms',
      'CPU % rtpengine/PBX/SIPp/softirq',
      'Machine (others)',
      'Result',
    ],
    f.levels.map((l) => [
      `${l.calls}`,
      `${l.successful}/${l.created}`,
      `${l.flowing}/${l.sampled}`,
      `${l.minPpsEmployee} / ${l.minPpsCarrier}`,
      `${l.transcodedPps.toCarrier} / ${l.transcodedPps.toEmployee}`,
      `${l.ngQueryMs.p50} / ${l.ngQueryMs.max}`,
      `${l.cpu.rtpengine} / ${l.cpu.pbx} / ${l.cpu.sipp} / ${l.cpu.kernel}`,
      `${l.cpu.machine} (${l.cpu.others})`,
      l.pass ? 'ok' : `FAIL: ${l.reason ?? ''}`,
    ]),
  );
  const { bridged, passThrough } = f.latency;
  const failing = f.levels.find((l) => !l.pass);
  const best = f.levels.filter((l) => l.pass).at(-1);
  const added = (a: number, b: number) => `${Math.round((a - b) * 1000) / 1000}`;
  const summary = formatTable(
    ['Media bridge (issue 7)', 'Figure'],
    [
      [
        'Concurrent bridged calls, no failure or stall',
        `${f.maxConcurrentCalls}` + (failing ? ` (${failing.calls} failed)` : ' (no level failed)'),
      ],
      ...(best
        ? [
            [
              `rtpengine CPU at ${best.calls} calls (% of one core)`,
              `${best.cpu.rtpengine} (${Math.round((best.cpu.rtpengine / best.calls) * 100) / 100} per call)`,
            ],
          ]
        : []),
      [
        `INVITE->200 p50 / p99 ms @${LATENCY_RATE}/s, through rtpengine`,
        `${bridged.p50Ms} / ${bridged.p99Ms} (${bridged.failed}/${bridged.calls} failed; others ${bridged.othersCpu}% CPU)`,
      ],
      [
        `INVITE->200 p50 / p99 ms @${LATENCY_RATE}/s, pass-through`,
        `${passThrough.p50Ms} / ${passThrough.p99Ms} (${passThrough.failed}/${passThrough.calls} failed; others ${passThrough.othersCpu}% CPU)`,
      ],
      [
        'Added by the bridge p50 / p99 ms',
        `${added(bridged.p50Ms, passThrough.p50Ms)} / ${added(bridged.p99Ms, passThrough.p99Ms)}`,
      ],
    ],
  );
  return [levels, '', summary, f.note].join('\n');
}
