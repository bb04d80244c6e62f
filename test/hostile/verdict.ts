/**
 * What the hostile-load suite asks of every run (issue 20) and how its figures are printed: the
 * table of `npm run bench -- --hostile`, one row per attack, and the CI form's failure messages.
 */
import { RSS_ALLOWANCE_BYTES } from './config';
import type { Figures } from './scenarios';

/** What went wrong in a run, in words; empty when it held. */
export function problems(f: Figures): string[] {
  const found: string[] = [];
  const { honest } = f;
  if (!f.alive) found.push('the PBX died');
  if (honest.calls === 0) found.push('no honest call was placed');
  if (honest.failedCalls > 0)
    found.push(`${honest.failedCalls} of ${honest.calls} honest calls failed`);
  if (honest.failedRegistrations > 0) {
    found.push(
      `${honest.failedRegistrations} of ${honest.registrations} honest registrations failed`,
    );
  }
  const adminFailed = Object.values(f.admin.failed).reduce((sum, n) => sum + n, 0);
  if (adminFailed > 0) {
    found.push(`${adminFailed} of ${f.admin.signIns} of the admin's own sign-ins failed`);
  }
  // An attacker that never got going would make every run pass.
  const reached = f.attackers.kind === 'sign-ins' ? f.attackers.sent : f.attackers.opened;
  if (reached < f.planned) found.push(`the attack reached only ${reached} of ${f.planned}`);
  const growth = f.maxRss - f.idleRss;
  if (growth > RSS_ALLOWANCE_BYTES) {
    found.push(
      `RSS grew ${mb(growth)} over its idle ${mb(f.idleRss)} (allowed: ${mb(RSS_ALLOWANCE_BYTES)})`,
    );
  }
  return found.map((problem) => `${f.name}: ${problem}`);
}

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/** What the attackers achieved, in one cell. */
export function attackVolume(f: Figures): string {
  const a = f.attackers;
  if (a.kind === 'sign-ins') {
    const answers = Object.entries(a.statuses)
      .map(([status, count]) => `${count}×${status === '0' ? 'no answer' : status}`)
      .join(', ');
    return `${a.sent} wrong sign-ins (${answers})`;
  }
  const requests = a.sent > 0 ? `, ${a.sent} requests` : '';
  return `${a.opened} opened, ${a.open} open at the end, ${a.closedByPbx} closed by the PBX, ${a.failed} not connected${requests}`;
}

/** The guard's counters: what the PBX did about the attack. */
function defence(f: Figures): string {
  const p = f.pbx;
  return ['connections', 'refused', 'evicted', 'slow', 'idle', 'oversized']
    .filter((key) => (p[key] ?? 0) > 0)
    .map((key) => `${key} ${p[key]}`)
    .join(', ');
}

function adminCell(f: Figures): string {
  const { signIns, failed, slowestMs } = f.admin;
  const refused = Object.entries(failed)
    .map(([status, count]) => `${count}×${status === '0' ? 'none' : status}`)
    .join(' ');
  const ok = signIns - Object.values(failed).reduce((sum, n) => sum + n, 0);
  return `${ok}/${signIns}${refused ? ` (${refused})` : ''}, slowest ${(slowestMs / 1000).toFixed(1)} s`;
}

/** The figures as a Markdown table, one row per run. */
export function table(runs: Figures[]): string {
  const head = [
    'attack',
    'ramp + hold s',
    'honest calls failed/attempted',
    'registrations failed/attempted',
    'admin sign-ins ok (slowest)',
    'RSS idle → peak MB',
    'PBX loop delay max ms',
    'attack volume',
    'PBX closed/refused',
    'alive',
  ];
  const rows = runs.map((f) => [
    f.name,
    `${f.rampSeconds.toFixed(1)} + ${f.attackSeconds}`,
    `${f.honest.failedCalls}/${f.honest.calls}`,
    `${f.honest.failedRegistrations}/${f.honest.registrations}`,
    adminCell(f),
    `${Math.round(f.idleRss / 1e6)} → ${Math.round(f.maxRss / 1e6)} (+${Math.round((f.maxRss - f.idleRss) / 1e6)})`,
    String(f.loopDelayMaxMs),
    attackVolume(f),
    defence(f) || '-',
    f.alive ? 'yes' : 'NO',
  ]);
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
