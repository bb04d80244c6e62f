import type {
  AbsencePeriod,
  Change,
  Company,
  CompanyNumber,
  DeviceCredential,
  EpochMs,
  RegionRule,
  SipNumberWithOwner,
  Store,
} from '../store';
import { COMPANY_RULES_KEY } from '../store';
import { DirectoryTables } from './directory-tables';

/** Told after a change is applied: which SIP numbers may now be admitted differently. */
export interface DirectoryUpdate {
  change: Change;
  /** SIP numbers whose entry, or whose company, changed. */
  sipNumbers: string[];
}

export interface DirectoryOptions {
  now?: () => EpochMs;
  /** Told when a reload failed (the database unreachable); the directory keeps what it had. */
  onError?: (error: unknown) => void;
}

/** Rows read per query while loading the SIP numbers and the familiar numbers. */
const PAGE = 10_000;

/**
 * What the SIP path reads, in memory: SIP numbers with HA1 and settings, absences, company
 * numbers, region rules, companies (status, quotas) and each client's familiar number. Loaded
 * at start and kept current by the store's change stream, so a change made by the CLI, the
 * API or another node takes effect here without the SIP path ever awaiting the database. The
 * read methods have the names and shapes of the store's, so a store read on the SIP path
 * becomes a directory read by changing one word.
 */
export class Directory {
  private tables = new DirectoryTables();
  private applying: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(update: DirectoryUpdate) => void>();
  private unsubscribe?: () => void;
  private readonly now: () => EpochMs;

  readonly sipNumbers = {
    get: (number: string): SipNumberWithOwner | undefined => this.tables.number(number),
    getByEmployee: (employeeId: number): SipNumberWithOwner | undefined =>
      this.tables.numberOfEmployee(employeeId),
  };

  readonly absences = {
    current: (employeeId: number, at: EpochMs): AbsencePeriod | undefined =>
      this.tables.absenceAt(employeeId, at),
  };

  readonly companyNumbers = {
    getByNumber: (e164: string): CompanyNumber | undefined => this.tables.companyNumber(e164),
    listByCompany: (companyId: number): readonly CompanyNumber[] =>
      this.tables.companyNumbersOf(companyId),
  };

  readonly regionRules = {
    listBySipNumber: (sipNumber: string): readonly RegionRule[] => this.tables.rulesOf(sipNumber),
    /** The company's defaults, which a SIP number's own rules for a region replace. */
    listCompanyWide: (companyId: number): readonly RegionRule[] =>
      this.tables.companyRulesOf(companyId),
  };

  readonly callRecords = {
    latestAnsweredWithClient: (companyId: number, clientNumber: string) =>
      this.tables.familiarOf(companyId, clientNumber),
    /** Who last talked to the client through that company number, and when (return calls). */
    lastTalkThrough: (companyId: number, companyNumber: string, clientNumber: string) =>
      this.tables.lastTalkOf(companyId, companyNumber, clientNumber),
  };

  readonly companies = {
    get: (id: number): Company | undefined => this.tables.companies.get(id),
  };

  /** Per-device SIP credentials by digest user name (issue 23 item 6). */
  readonly deviceCredentials = {
    get: (username: string): DeviceCredential | undefined => this.tables.credential(username),
  };

  private constructor(
    private readonly store: Store,
    private readonly options: DirectoryOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** An empty directory: `load` fills it (the PBX's composition root builds, then loads). */
  static create(store: Store, options: DirectoryOptions = {}): Directory {
    return new Directory(store, options);
  }

  /** A directory created and loaded. */
  static async open(store: Store, options: DirectoryOptions = {}): Promise<Directory> {
    const directory = Directory.create(store, options);
    await directory.load();
    return directory;
  }

  /** Subscribes to the store's changes, then loads everything; changes meanwhile apply after. */
  async load(): Promise<void> {
    if (this.unsubscribe) throw new Error('the directory is loaded once');
    const feed = this.store.changes();
    this.unsubscribe = feed.subscribe((changes) => this.heard(changes));
    await feed.sync();
    this.applying = this.applying.then(() => this.loadAll());
    await this.applying;
  }

  /** The SIP domain stored with the data. */
  get domain(): string | undefined {
    return this.tables.domain;
  }

  /** How many SIP numbers it holds. */
  get size(): number {
    return this.tables.size;
  }

  /** The SIP numbers of a company, for dropping its devices at once. */
  numbersOf(companyId: number): string[] {
    return this.tables.numbersOf(companyId);
  }

  onUpdate(listener: (update: DirectoryUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every change committed before the call is applied here. */
  async sync(): Promise<void> {
    await this.store.changes().sync();
    await this.applying;
  }

  close(): void {
    this.unsubscribe?.();
    this.listeners.clear();
  }

  private heard(changes: Change[]): void {
    this.applying = this.applying.then(() => this.apply(changes));
  }

  private async apply(changes: Change[]): Promise<void> {
    const seen = new Set<string>();
    for (const change of changes) {
      // A familiar number carries its data: every one counts, none needs a read.
      const key = `${change.entity}\u0000${change.companyId}\u0000${change.key}`;
      if (change.entity !== 'familiar' && seen.has(key)) continue;
      seen.add(key);
      try {
        const sipNumbers = await this.reload(change);
        for (const listener of [...this.listeners]) listener({ change, sipNumbers });
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  /** Reads again what a change names; returns the SIP numbers it affects. */
  private async reload(change: Change): Promise<string[]> {
    const { store, tables } = this;
    const source = store.directorySource;
    const companyId = change.companyId ?? 0;
    switch (change.entity) {
      case 'all':
        await this.loadAll();
        return [];
      case 'settings':
        tables.domain = await source.domain();
        return [];
      case 'company': {
        const id = Number(change.key);
        const company = await store.companies.get(id);
        if (!company || company.status === 'removed') return tables.dropCompany(id);
        tables.putCompany(company);
        return tables.numbersOf(company.id);
      }
      case 'employee':
        return tables.putEmployee(
          Number(change.key),
          await store.sipNumbers.getByEmployee(Number(change.key)),
        );
      case 'sip-number':
        return tables.putNumber(change.key, await store.sipNumbers.get(change.key));
      case 'absence':
        tables.putAbsences(
          Number(change.key),
          await source.absences(this.now(), Number(change.key)),
        );
        return [];
      case 'company-number':
        tables.putCompanyNumbers(companyId, await source.companyNumbers(companyId));
        return [];
      case 'region-rule':
        if (change.key === COMPANY_RULES_KEY) {
          tables.putCompanyRules(companyId, await source.companyRegionRules(companyId));
        } else tables.putRules(change.key, await source.regionRules(change.key));
        return [];
      case 'device-credential':
        tables.putCredentials(change.key, await source.deviceCredentials(change.key));
        return [change.key];
      case 'familiar':
        tables.putFamiliar(
          companyId,
          change.key,
          change.data ?? (await source.familiarOf(companyId, change.key)),
        );
        return [];
    }
  }

  /** Builds new tables from the store and swaps them in whole. */
  private async loadAll(): Promise<void> {
    const source = this.store.directorySource;
    const tables = new DirectoryTables();
    tables.domain = await source.domain();
    for (const company of await source.companies()) {
      if (company.status !== 'removed') tables.putCompany(company);
    }
    for (let after = ''; ;) {
      const page = await source.sipNumbers(after, PAGE);
      for (const row of page) tables.putNumber(row.number, row);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.number;
    }
    const absences = groupBy(await source.absences(this.now()), (p) => p.employeeId);
    for (const [employeeId, periods] of absences) tables.putAbsences(employeeId, periods);
    const byCompany = groupBy(await source.companyNumbers(), (n) => n.companyId);
    for (const [companyId, numbers] of byCompany) tables.putCompanyNumbers(companyId, numbers);
    const rules = new Map<string, RegionRule[]>();
    const companyRules = new Map<number, RegionRule[]>();
    for (const rule of await source.regionRules()) {
      const list =
        rule.sipNumber === null
          ? (companyRules.get(rule.companyId) ??
            companyRules.set(rule.companyId, []).get(rule.companyId)!)
          : (rules.get(rule.sipNumber) ?? rules.set(rule.sipNumber, []).get(rule.sipNumber)!);
      list.push(rule);
    }
    for (const [sipNumber, list] of rules) tables.putRules(sipNumber, list);
    for (const [companyId, list] of companyRules) tables.putCompanyRules(companyId, list);
    const credentials = groupBy(await source.deviceCredentials(), (c) => c.sipNumber);
    for (const [sipNumber, list] of credentials) tables.putCredentials(sipNumber, list);
    for (let after = 0; ;) {
      const page = await source.familiar(after, PAGE);
      for (const row of page) tables.putFamiliar(row.companyId, row.clientNumber, row);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    this.tables = tables;
  }
}

/** The items by a key, each list in the order the items came. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
