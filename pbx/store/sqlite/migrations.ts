/**
 * The schema, as an append-only list: a released step is never edited, a change is a new
 * step. Timestamps are epoch milliseconds; booleans are 0/1.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'directory and call records',
    sql: `
      CREATE TABLE companies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE employees (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        email TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (id, company_id)
      );
      CREATE INDEX employees_company ON employees(company_id);

      CREATE TABLE sip_numbers (
        number TEXT PRIMARY KEY CHECK (number GLOB '0[0-9][0-9][0-9][0-9][0-9][0-9]'),
        company_id INTEGER NOT NULL,
        employee_id INTEGER NOT NULL UNIQUE,
        ha1 TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        multi_terminal INTEGER NOT NULL DEFAULT 0 CHECK (multi_terminal IN (0, 1)),
        channels INTEGER NOT NULL DEFAULT 1 CHECK (channels BETWEEN 1 AND 10),
        caller_id_mode TEXT NOT NULL DEFAULT 'fixed' CHECK (caller_id_mode IN
          ('fixed', 'familiar', 'familiar-or-regional', 'random', 'random-regional')),
        fixed_caller_id TEXT,
        employee_may_choose_caller_id INTEGER NOT NULL DEFAULT 0
          CHECK (employee_may_choose_caller_id IN (0, 1)),
        created_at INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL,
        FOREIGN KEY (employee_id, company_id)
          REFERENCES employees(id, company_id) ON DELETE CASCADE
      );
      CREATE INDEX sip_numbers_company ON sip_numbers(company_id);

      CREATE TABLE admins (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX admins_company ON admins(company_id);

      CREATE TABLE call_records (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        caller_number TEXT NOT NULL,
        caller_name TEXT,
        callee_number TEXT NOT NULL,
        callee_name TEXT,
        caller_device TEXT NOT NULL,
        callee_device TEXT,
        started_at INTEGER NOT NULL,
        answered_at INTEGER,
        ended_at INTEGER,
        result TEXT,
        status INTEGER
      );
      CREATE INDEX call_records_company_started ON call_records(company_id, started_at DESC, id DESC);
      CREATE INDEX call_records_call_id ON call_records(call_id);
      CREATE INDEX call_records_caller ON call_records(caller_number);
      CREATE INDEX call_records_callee ON call_records(callee_number);
    `,
  },
  {
    version: 2,
    name: 'HTTP API: chosen caller ID, absences, company numbers, audit, sessions',
    sql: `
      ALTER TABLE sip_numbers ADD COLUMN chosen_caller_id TEXT;

      CREATE TABLE absence_periods (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL,
        employee_id INTEGER NOT NULL,
        from_at INTEGER NOT NULL,
        to_at INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        forward_to_employee_id INTEGER REFERENCES employees(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        CHECK (to_at > from_at),
        FOREIGN KEY (employee_id, company_id)
          REFERENCES employees(id, company_id) ON DELETE CASCADE
      );
      CREATE INDEX absence_periods_employee_from ON absence_periods(employee_id, from_at);
      CREATE INDEX absence_periods_forward_to ON absence_periods(forward_to_employee_id);

      CREATE TABLE company_numbers (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        number TEXT NOT NULL UNIQUE,
        region TEXT,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
        inbound_employee_id INTEGER REFERENCES employees(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX company_numbers_company ON company_numbers(company_id, number);
      CREATE UNIQUE INDEX company_numbers_one_default ON company_numbers(company_id)
        WHERE is_default = 1;
      CREATE INDEX company_numbers_inbound ON company_numbers(inbound_employee_id);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX audit_log_company_at ON audit_log(company_id, at DESC, id DESC);

      CREATE TABLE api_sessions (
        token_hash TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'employee')),
        subject_id INTEGER NOT NULL,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX api_sessions_subject ON api_sessions(role, subject_id);
      CREATE INDEX api_sessions_expires ON api_sessions(expires_at);
    `,
  },
  {
    version: 3,
    name: 'caller ID and destinations: call directions, region rules, destination bars',
    sql: `
      ALTER TABLE call_records ADD COLUMN direction TEXT NOT NULL DEFAULT 'internal'
        CHECK (direction IN ('internal', 'outgoing', 'incoming'));
      ALTER TABLE call_records ADD COLUMN client_number TEXT;
      ALTER TABLE call_records ADD COLUMN company_number TEXT;
      ALTER TABLE call_records ADD COLUMN caller_id_reason TEXT;
      -- The "familiar" number: the latest answered call with a client (SPEC §3). Only the
      -- rows that can answer are indexed; the rowid after answered_at orders equal times.
      CREATE INDEX call_records_client_answered
        ON call_records(company_id, client_number, answered_at)
        WHERE client_number IS NOT NULL AND company_number IS NOT NULL
          AND answered_at IS NOT NULL;

      ALTER TABLE sip_numbers ADD COLUMN international_allowed INTEGER NOT NULL DEFAULT 0
        CHECK (international_allowed IN (0, 1));
      ALTER TABLE sip_numbers ADD COLUMN premium_allowed INTEGER NOT NULL DEFAULT 0
        CHECK (premium_allowed IN (0, 1));
      -- The parent key of region_rules' (sip_number, company_id) reference.
      CREATE UNIQUE INDEX sip_numbers_number_company ON sip_numbers(number, company_id);

      CREATE TABLE region_rules (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        sip_number TEXT NOT NULL,
        region TEXT NOT NULL CHECK (region <> ''),
        numbers TEXT NOT NULL CHECK (json_valid(numbers) AND json_type(numbers) = 'array'),
        effect TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
        created_at INTEGER NOT NULL,
        FOREIGN KEY (sip_number, company_id)
          REFERENCES sip_numbers(number, company_id) ON DELETE CASCADE
      );
      CREATE INDEX region_rules_sip_number ON region_rules(sip_number, company_id);
      CREATE INDEX region_rules_company ON region_rules(company_id);
    `,
  },
  {
    version: 4,
    name: 'transfers: who passed a call on',
    sql: `
      -- The SIP number that transferred the call to its callee (Referred-By), if any.
      ALTER TABLE call_records ADD COLUMN transferred_by TEXT;
    `,
  },
  {
    version: 5,
    name: 'tenants: the domain with the data, company status and quotas, operators, change log',
    sql: `
      -- The SIP domain is stored with the data: every HA1 depends on it.
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      ALTER TABLE companies ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'suspended', 'removed'));
      ALTER TABLE companies ADD COLUMN removed_at INTEGER;
      ALTER TABLE companies ADD COLUMN max_employees INTEGER CHECK (max_employees >= 0);
      ALTER TABLE companies ADD COLUMN max_devices INTEGER CHECK (max_devices >= 0);
      ALTER TABLE companies ADD COLUMN max_calls INTEGER CHECK (max_calls >= 0);
      ALTER TABLE companies ADD COLUMN max_api_per_minute INTEGER
        CHECK (max_api_per_minute >= 0);

      CREATE TABLE operators (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );

      -- Search and order by name as the program folds it, the same in SQLite and PostgreSQL.
      ALTER TABLE employees ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE employees ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
      UPDATE employees SET name_key = pbx_fold(name), email_key = pbx_fold(coalesce(email, ''));
      CREATE INDEX employees_company_name ON employees(company_id, name_key, id);

      -- The change stream: written in the transaction that makes the change, read by every
      -- server after SQLite's data_version moves (pbx/store/sqlite/change-feed.ts).
      CREATE TABLE change_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        origin TEXT NOT NULL,
        entity TEXT NOT NULL,
        company_id INTEGER,
        key TEXT NOT NULL,
        data TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX change_log_at ON change_log(at);
    `,
  },
  {
    version: 6,
    name: 'SHA-256 digest: a second HA1, written when a password is set or reset',
    sql: `
      -- SHA-256(number:realm:password), hex (RFC 7616, RFC 8760); NULL until the next change.
      ALTER TABLE sip_numbers ADD COLUMN ha1_sha256 TEXT;
    `,
  },
  {
    version: 7,
    name: 'recovery: call records of a node, why a call ended, UDP bindings kept over restarts',
    sql: `
      -- The server that wrote the record: on start it closes its own left open (issue 20).
      ALTER TABLE call_records ADD COLUMN node TEXT;
      ALTER TABLE call_records ADD COLUMN end_reason TEXT;
      CREATE INDEX call_records_open ON call_records(node) WHERE ended_at IS NULL;

      -- UDP devices' bindings, so a restarted server reaches them before they re-register.
      CREATE TABLE udp_bindings (
        node TEXT NOT NULL,
        sip_number TEXT NOT NULL,
        binding_key TEXT NOT NULL,
        data TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (node, sip_number, binding_key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    name: 'return calls: how long a client returns to the same employee, the fallback employee',
    sql: `
      -- Days a client calling a company number reaches the employee they last talked to there.
      ALTER TABLE companies ADD COLUMN return_call_days INTEGER NOT NULL DEFAULT 30
        CHECK (return_call_days BETWEEN 1 AND 365);
      -- Who takes a company number's call when nobody else can; cleared with the employee.
      ALTER TABLE companies ADD COLUMN fallback_employee_id INTEGER
        REFERENCES employees(id) ON DELETE SET NULL;
    `,
  },
  {
    version: 9,
    name: 'region rules by code and by region, and for the whole company (issue 22)',
    sql: `
      -- sip_number NULL: a company-wide rule (the composite foreign key is not checked then).
      -- SQLite cannot drop NOT NULL in place: the table is rebuilt, nothing refers to it.
      CREATE TABLE region_rules_v9 (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        sip_number TEXT,
        region TEXT NOT NULL CHECK (region <> ''),
        numbers TEXT NOT NULL CHECK (json_valid(numbers) AND json_type(numbers) = 'array'),
        -- Area codes ("812") and regions of company numbers: numbers connected later follow.
        codes TEXT NOT NULL DEFAULT '[]'
          CHECK (json_valid(codes) AND json_type(codes) = 'array'),
        number_regions TEXT NOT NULL DEFAULT '[]'
          CHECK (json_valid(number_regions) AND json_type(number_regions) = 'array'),
        effect TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
        created_at INTEGER NOT NULL,
        FOREIGN KEY (sip_number, company_id)
          REFERENCES sip_numbers(number, company_id) ON DELETE CASCADE
      );
      INSERT INTO region_rules_v9 (id, company_id, sip_number, region, numbers, effect, created_at)
        SELECT id, company_id, sip_number, region, numbers, effect, created_at FROM region_rules;
      DROP TABLE region_rules;
      ALTER TABLE region_rules_v9 RENAME TO region_rules;
      CREATE INDEX region_rules_sip_number ON region_rules(sip_number, company_id);
      CREATE INDEX region_rules_company ON region_rules(company_id);
    `,
  },
  {
    version: 10,
    name: "newest device wins: a one-device number's place goes to the new device (issue 22)",
    sql: `
      ALTER TABLE sip_numbers ADD COLUMN newest_device_wins INTEGER NOT NULL DEFAULT 0
        CHECK (newest_device_wins IN (0, 1));
    `,
  },
  {
    version: 11,
    name: 'announcements: the language refused callers hear them in (issue 22)',
    sql: `
      ALTER TABLE companies ADD COLUMN announcement_language TEXT NOT NULL DEFAULT 'ru'
        CHECK (announcement_language IN ('ru', 'en'));
    `,
  },
  {
    version: 12,
    name: 'device credentials: a browser stays signed in without the password (issue 23)',
    sql: `
      -- Only HA1s of a random secret; the row goes with its SIP number.
      CREATE TABLE device_credentials (
        username TEXT PRIMARY KEY CHECK (username GLOB '0[0-9][0-9][0-9][0-9][0-9][0-9].*'),
        company_id INTEGER NOT NULL,
        sip_number TEXT NOT NULL,
        instance TEXT NOT NULL CHECK (instance <> ''),
        ha1 TEXT NOT NULL,
        ha1_sha256 TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        FOREIGN KEY (sip_number, company_id)
          REFERENCES sip_numbers(number, company_id) ON DELETE CASCADE
      );
      CREATE INDEX device_credentials_number ON device_credentials(sip_number, company_id);
    `,
  },
];
