/**
 * An audit entry in words (issue 23 item 5): who did what to whom, with names, and each changed
 * field as "Label: before → after". The audit API gives ids and raw values; names come from the
 * employees list and from the entries themselves (an employee created or deleted carries theirs).
 */
import type { TFunction } from 'i18next';
import { passwordResetAuditSchema, type AuditEntry } from '../../../shared/api';

export interface AuditWords {
  /** "boss@example.com changed the number settings of Anna Ivanova (0462626)." */
  sentence: string;
  /** One line per changed field: "Channels: 1 → 2". */
  changes: string[];
}

type Values = Record<string, unknown>;
const record = (value: unknown): Values | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Values)
    : undefined;

/** Employee ids to names, from the employees list and from the entries that name them. */
export function namesFrom(
  employees: readonly { id: number; name: string }[],
  entries: readonly AuditEntry[],
): Map<number, string> {
  const names = new Map<number, string>();
  for (const entry of entries) {
    if (!entry.action.startsWith('employee.')) continue;
    const detail = record(entry.after) ?? record(entry.before);
    if (typeof detail?.id === 'number' && typeof detail.name === 'string') {
      names.set(detail.id, detail.name);
    }
  }
  for (const employee of employees) names.set(employee.id, employee.name);
  return names;
}

/** "employee 4 (0462626)" → id 4 and number 0462626; a company number stays as it is. */
function parseTarget(target: string): { id?: number; number?: string } {
  const match = /^employee (\d+)(?: \(([^)]+)\))?$/.exec(target.trim());
  if (!match) return { number: target };
  return { id: Number(match[1]), ...(match[2] ? { number: match[2] } : {}) };
}

/** Fields not worth a line: ids and timestamps the system keeps for itself. */
const QUIET = new Set(['id', 'createdAt', 'passwordChangedAt', 'expiresAt']);

/** The words of one entry. */
export function auditWords(
  t: TFunction,
  entry: AuditEntry,
  names: ReadonlyMap<number, string>,
  formatDate: (iso: string) => string,
): AuditWords {
  const { id, number } = parseTarget(entry.target);
  const name = id !== undefined ? (names.get(id) ?? t('audit.someone', { id })) : undefined;
  const whom = name && number ? `${name} (${number})` : (name ?? number ?? entry.target);
  const before = record(entry.before);
  const after = record(entry.after);
  const value = (field: string, v: unknown) => auditValue(t, field, v, formatDate);
  const vars = { actor: entry.actor, whom, number: number ?? entry.target };

  const known = t(`audit.actions.${entry.action}`, { ...vars, defaultValue: '' });
  const sentence =
    (known || t('audit.actions.other', { ...vars, action: entry.action })) + mailClause(t, entry);

  const changes: string[] = [];
  if (before && after) {
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (QUIET.has(field) || same(before[field], after[field])) continue;
      changes.push(
        `${fieldLabel(t, field)}: ${value(field, before[field])} → ${value(field, after[field])}`,
      );
    }
  } else {
    const shown = after ?? before;
    if (shown) {
      for (const [field, v] of Object.entries(shown)) {
        if (QUIET.has(field) || field === 'emailed' || field === 'mail') continue;
        changes.push(`${fieldLabel(t, field)}: ${value(field, v)}`);
      }
    } else if (entry.after !== null || entry.before !== null) {
      changes.push(`${value('', entry.before)} → ${value('', entry.after)}`);
    }
  }
  return { sentence, changes };
}

/**
 * A reset password's e-mail, said as it went: e-mailed only when the SMTP server took it (`mail:
 * 'sent'`); saved to the outbox, or failed; an entry that only says it was asked for, says so.
 */
function mailClause(t: TFunction, entry: AuditEntry): string {
  if (entry.action !== 'sip-number.reset-password') return '';
  const reset = passwordResetAuditSchema.safeParse(entry.after);
  if (!reset.success) return '';
  if (reset.data.mail) return ` ${t(`audit.mail.${reset.data.mail}`)}`;
  return reset.data.emailed ? ` ${t('audit.mail.asked')}` : '';
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const LABELS: Record<string, string> = {
  name: 'audit.fields.name',
  email: 'audit.fields.email',
  sipNumber: 'audit.fields.sipNumber',
  number: 'audit.fields.number',
  enabled: 'audit.fields.enabled',
  multiTerminal: 'audit.fields.multiTerminal',
  newestDeviceWins: 'audit.fields.newestDeviceWins',
  channels: 'audit.fields.channels',
  callerIdMode: 'audit.fields.callerIdMode',
  fixedCallerId: 'audit.fields.fixedCallerId',
  employeeMayChooseCallerId: 'audit.fields.employeeMayChooseCallerId',
  internationalAllowed: 'audit.fields.internationalAllowed',
  premiumAllowed: 'audit.fields.premiumAllowed',
  region: 'audit.fields.region',
  isDefault: 'audit.fields.isDefault',
  inboundEmployee: 'audit.fields.inboundEmployee',
  from: 'audit.fields.from',
  to: 'audit.fields.to',
  reason: 'audit.fields.reason',
  forwardTo: 'audit.fields.forwardTo',
  numbers: 'audit.fields.numbers',
  effect: 'audit.fields.effect',
  kind: 'audit.fields.kind',
  userAgent: 'audit.fields.userAgent',
  transport: 'audit.fields.transport',
  address: 'audit.fields.address',
  since: 'audit.fields.since',
};

function fieldLabel(t: TFunction, field: string): string {
  const key = LABELS[field];
  return key ? t(key) : field;
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** A value as a person reads it: yes/no, names, dates, modes and kinds in words, — for none. */
export function auditValue(
  t: TFunction,
  field: string,
  value: unknown,
  formatDate: (iso: string) => string,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (typeof value === 'string') {
    if (field === 'callerIdMode') return t(`callerId.modes.${value}`, { defaultValue: value });
    if (field === 'kind') return t(`devices.kinds.${value}`, { defaultValue: value });
    if (field === 'effect') return t(`audit.effects.${value}`, { defaultValue: value });
    return ISO_TIME.test(value) ? formatDate(value) : value;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    return value.map((v) => auditValue(t, field, v, formatDate)).join(', ') || '—';
  }
  const object = record(value);
  if (object) {
    if (typeof object.name === 'string') return object.name;
    if (typeof object.number === 'string') return object.number;
  }
  return JSON.stringify(value);
}
