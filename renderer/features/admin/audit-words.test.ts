import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/api';
import { createI18n } from '../../i18n';
import { auditWords, namesFrom } from './audit-words';

const en = createI18n('en').t;
const ru = createI18n('ru').t;
const day = (iso: string) => iso.slice(0, 10);

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2030-03-01T09:00:00.000Z',
  actor: 'boss@example.com',
  action: 'sip-number.update',
  target: 'employee 4 (0462626)',
  before: null,
  after: null,
  ...patch,
});
const created = entry({
  action: 'employee.create',
  target: 'employee 5 (0333333)',
  after: {
    id: 5,
    name: 'Boris Petrov',
    email: null,
    createdAt: '2030-03-01T09:00:00.000Z',
    sipNumber: { number: '0333333', enabled: true, channels: 1 },
  },
});
const names = namesFrom([{ id: 4, name: 'Anna Ivanova' }], [created]);

describe('the audit log in words', () => {
  it('names who changed what, with the employee’s name, and each field before → after', () => {
    const words = auditWords(
      en,
      entry({
        before: { channels: 1, multiTerminal: false },
        after: { channels: 2, multiTerminal: true },
      }),
      names,
      day,
    );
    expect(words).toEqual({
      sentence: 'boss@example.com changed the number settings of Anna Ivanova (0462626).',
      changes: ['Channels: 1 → 2', 'Multi-terminal: no → yes'],
    });
    expect(
      auditWords(ru, entry({ before: { channels: 1 }, after: { channels: 2 } }), names, day),
    ).toEqual({
      sentence: 'boss@example.com изменил(а) настройки номера: Anna Ivanova (0462626).',
      changes: ['Канальность: 1 → 2'],
    });
  });

  it('takes names from the entries when the employee is not in the list (created, deleted)', () => {
    const words = auditWords(en, created, names, day);
    expect(words.sentence).toBe('boss@example.com added Boris Petrov (0333333).');
    expect(words.changes).toEqual(['Name: Boris Petrov', 'E-mail: —', 'SIP number: 0333333']);
    const unknown = auditWords(en, entry({ target: 'employee 9' }), names, day);
    expect(unknown.sentence).toBe(
      'boss@example.com changed the number settings of employee no. 9.',
    );
  });

  it('says "e-mailed" only when the SMTP server took the mail', () => {
    const reset = (after: object) =>
      auditWords(en, entry({ action: 'sip-number.reset-password', after }), names, day).sentence;
    const base = 'boss@example.com reset the password of Anna Ivanova (0462626).';
    expect(reset({ emailed: false })).toBe(base);
    expect(reset({ emailed: true })).toBe(`${base} Sending it by e-mail was asked for.`);
    expect(reset({ emailed: true, mail: 'sent' })).toBe(
      `${base} The new password was e-mailed to the employee.`,
    );
    expect(reset({ emailed: true, mail: 'saved-to-outbox' })).toBe(
      `${base} The e-mail was saved in the PBX’s outbox folder, not sent.`,
    );
    expect(reset({ emailed: true, mail: 'failed' })).toBe(`${base} The e-mail could not be sent.`);
    expect(reset({ emailed: true })).not.toMatch(/e-mailed/);
  });

  it('company numbers, absences and devices read as words, never JSON', () => {
    const number = auditWords(
      en,
      entry({
        action: 'company-number.update',
        target: '+78121234567',
        before: { id: 3, number: '+78121234567', enabled: true, inboundEmployee: null },
        after: {
          id: 3,
          number: '+78121234567',
          enabled: false,
          inboundEmployee: { id: 4, name: 'Anna Ivanova' },
        },
      }),
      names,
      day,
    );
    expect(number).toEqual({
      sentence: 'boss@example.com changed the company number +78121234567.',
      changes: ['Enabled: yes → no', 'Inbound calls go to: — → Anna Ivanova'],
    });
    const absence = auditWords(
      en,
      entry({
        action: 'absence.create',
        target: 'employee 4',
        after: {
          id: 7,
          from: '2030-03-02T00:00:00.000Z',
          to: '2030-03-09T00:00:00.000Z',
          reason: 'Vacation',
          forwardTo: { id: 5, name: 'Boris Petrov', sipNumber: '0333333' },
        },
      }),
      names,
      day,
    );
    expect(absence).toEqual({
      sentence: 'boss@example.com set an absence period for Anna Ivanova.',
      changes: [
        'From: 2030-03-02',
        'Until: 2030-03-09',
        'Reason: Vacation',
        'Calls go to: Boris Petrov',
      ],
    });
    const device = auditWords(
      ru,
      entry({
        action: 'device.drop',
        before: { kind: 'softphone-web', transport: 'wss', address: '10.0.0.5:5060' },
      }),
      names,
      day,
    );
    expect(device.sentence).toBe(
      'boss@example.com отключил(а) устройство: Anna Ivanova (0462626).',
    );
    expect(device.changes).toEqual([
      'Устройство: Наш софтфон (браузер)',
      'Транспорт: wss',
      'Адрес: 10.0.0.5:5060',
    ]);
    for (const words of [number, absence, device]) {
      expect(words.changes.join(' ')).not.toMatch(/[{}"]/);
    }
  });

  it('an action it does not know yet is still a sentence with its name', () => {
    const words = auditWords(
      en,
      entry({ action: 'company.rename', target: 'company 1', before: 'Acme', after: 'Acme Ltd' }),
      names,
      day,
    );
    expect(words).toEqual({
      sentence: 'boss@example.com: company.rename, company 1.',
      changes: ['Acme → Acme Ltd'],
    });
  });

  it('an admin password reset from the command line is said in both languages', () => {
    const reset = entry({
      actor: 'cli',
      action: 'admin.reset-password',
      target: 'admin 2 (boss@example.com)',
      after: { mail: null },
    });
    expect(auditWords(en, reset, names, day).sentence).toContain(
      'gave a new password to the admin account admin 2 (boss@example.com).',
    );
    expect(auditWords(ru, reset, names, day).sentence).toContain(
      'задал(а) новый пароль учётной записи администратора admin 2 (boss@example.com).',
    );
  });
});
