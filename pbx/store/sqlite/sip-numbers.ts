import type {
  CallerIdMode,
  SipNumber,
  SipNumberRepository,
  SipNumberSettings,
  SipNumberWithOwner,
} from '../store';
import { CALLER_ID_MODES } from '../../../shared/caller-id-modes';
import { definedOnly, toBit, type RepoContext } from './common';

interface SipRow {
  number: string;
  company_id: number;
  employee_id: number;
  ha1: string;
  enabled: number;
  multi_terminal: number;
  channels: number;
  caller_id_mode: string;
  fixed_caller_id: string | null;
  employee_may_choose_caller_id: number;
  created_at: number;
  password_changed_at: number;
  chosen_caller_id: string | null;
  international_allowed: number;
  premium_allowed: number;
}

interface OwnedRow extends SipRow {
  employee_name: string;
}

const sipNumber = (r: SipRow): SipNumber => ({
  number: r.number,
  companyId: r.company_id,
  employeeId: r.employee_id,
  ha1: r.ha1,
  enabled: r.enabled === 1,
  multiTerminal: r.multi_terminal === 1,
  channels: r.channels,
  // The shared constant, not a fresh copy from SQLite in every cached row.
  callerIdMode:
    CALLER_ID_MODES.find((mode) => mode === r.caller_id_mode) ?? (r.caller_id_mode as CallerIdMode),
  fixedCallerId: r.fixed_caller_id,
  employeeMayChooseCallerId: r.employee_may_choose_caller_id === 1,
  createdAt: r.created_at,
  passwordChangedAt: r.password_changed_at,
  chosenCallerId: r.chosen_caller_id,
  internationalAllowed: r.international_allowed === 1,
  premiumAllowed: r.premium_allowed === 1,
});

// Not a spread: V8 gave every spread copy a hidden class of its own (400 bytes per cached row).
const owned = (r: OwnedRow): SipNumberWithOwner =>
  Object.assign(sipNumber(r), { employeeName: r.employee_name });

type SettingsParams = {
  number: string;
  enabled: number;
  multi_terminal: number;
  channels: number;
  caller_id_mode: string;
  fixed_caller_id: string | null;
  employee_may_choose_caller_id: number;
  international_allowed: number;
  premium_allowed: number;
};

const settingsParams = (number: string, s: SipNumberSettings): SettingsParams => ({
  number,
  enabled: toBit(s.enabled),
  multi_terminal: toBit(s.multiTerminal),
  channels: s.channels,
  caller_id_mode: s.callerIdMode,
  fixed_caller_id: s.fixedCallerId,
  employee_may_choose_caller_id: toBit(s.employeeMayChooseCallerId),
  international_allowed: toBit(s.internationalAllowed),
  premium_allowed: toBit(s.premiumAllowed),
});

const DEFAULTS: SipNumberSettings = {
  enabled: true,
  multiTerminal: false,
  channels: 1,
  callerIdMode: 'fixed',
  fixedCallerId: null,
  employeeMayChooseCallerId: false,
  internationalAllowed: false,
  premiumAllowed: false,
};

const WITH_OWNER = `SELECT s.*, e.name AS employee_name
  FROM sip_numbers s JOIN employees e ON e.id = s.employee_id`;

export function sqliteSipNumbers({ db, now }: RepoContext): SipNumberRepository {
  const byNumber = db.prepare<[string], OwnedRow>(`${WITH_OWNER} WHERE s.number = ?`);
  const byEmployee = db.prepare<[number], OwnedRow>(`${WITH_OWNER} WHERE s.employee_id = ?`);
  const byCompany = db.prepare<[number], OwnedRow>(
    `${WITH_OWNER} WHERE s.company_id = ? ORDER BY s.number`,
  );
  const insert = db.prepare<
    [SettingsParams & { company_id: number; employee_id: number; ha1: string; at: number }],
    SipRow
  >(
    `INSERT INTO sip_numbers (number, company_id, employee_id, ha1, enabled, multi_terminal,
       channels, caller_id_mode, fixed_caller_id, employee_may_choose_caller_id,
       international_allowed, premium_allowed, created_at, password_changed_at)
     VALUES (:number, :company_id, :employee_id, :ha1, :enabled, :multi_terminal, :channels,
       :caller_id_mode, :fixed_caller_id, :employee_may_choose_caller_id,
       :international_allowed, :premium_allowed, :at, :at)
     RETURNING *`,
  );
  const write = db.prepare<[SettingsParams], SipRow>(
    `UPDATE sip_numbers SET enabled = :enabled, multi_terminal = :multi_terminal,
       channels = :channels, caller_id_mode = :caller_id_mode, fixed_caller_id = :fixed_caller_id,
       employee_may_choose_caller_id = :employee_may_choose_caller_id,
       international_allowed = :international_allowed, premium_allowed = :premium_allowed
     WHERE number = :number RETURNING *`,
  );
  const setHa1 = db.prepare<[string, number, string]>(
    'UPDATE sip_numbers SET ha1 = ?, password_changed_at = ? WHERE number = ?',
  );
  const setChosen = db.prepare<[string | null, string]>(
    'UPDATE sip_numbers SET chosen_caller_id = ? WHERE number = ?',
  );
  const del = db.prepare<[string]>('DELETE FROM sip_numbers WHERE number = ?');
  const taken = db.prepare<[{ n: string }], { taken: number }>(
    `SELECT EXISTS (SELECT 1 FROM sip_numbers WHERE number = :n)
         OR EXISTS (SELECT 1 FROM call_records WHERE caller_number = :n)
         OR EXISTS (SELECT 1 FROM call_records WHERE callee_number = :n) AS taken`,
  );
  return {
    get: (number) => {
      const row = byNumber.get(number);
      return row && owned(row);
    },
    getByEmployee: (employeeId) => {
      const row = byEmployee.get(employeeId);
      return row && owned(row);
    },
    create: (input) => {
      const settings = { ...DEFAULTS, ...definedOnly(input) };
      const row = insert.get({
        ...settingsParams(input.number, settings),
        company_id: input.companyId,
        employee_id: input.employeeId,
        ha1: input.ha1,
        at: now(),
      });
      return sipNumber(row!);
    },
    updateSettings: (number, patch) => {
      const current = byNumber.get(number);
      if (!current) return undefined;
      const settings = { ...sipNumber(current), ...definedOnly(patch) };
      return sipNumber(write.get(settingsParams(number, settings))!);
    },
    setHa1: (number, ha1) => setHa1.run(ha1, now(), number).changes > 0,
    setChosenCallerId: (number, chosen) => setChosen.run(chosen, number).changes > 0,
    remove: (number) => del.run(number).changes > 0,
    listByCompany: (companyId) => byCompany.all(companyId).map(owned),
    isTaken: (number) => taken.get({ n: number })!.taken === 1,
  };
}
