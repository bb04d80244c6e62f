import type {
  AbsencePeriod,
  Company,
  CompanyNumber,
  DeviceCredential,
  EpochMs,
  RegionRule,
  SipNumberWithOwner,
} from '../store';

interface Familiar {
  companyNumber: string;
  answeredAt: EpochMs;
}

/** The latest answered call through one company number with one client: who talked, when. */
export interface LastTalk {
  sipNumber: string;
  answeredAt: EpochMs;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * The in-memory tables the SIP path reads (./directory.ts keeps them current): plain maps,
 * replaced or updated one key at a time, never read from the database.
 */
export class DirectoryTables {
  readonly companies = new Map<number, Company>();
  private readonly numbers = new Map<string, SipNumberWithOwner>();
  private readonly byEmployee = new Map<number, string>();
  private readonly numbersByCompany = new Map<number, Set<string>>();
  private readonly absences = new Map<number, AbsencePeriod[]>();
  private readonly companyNumbers = new Map<string, CompanyNumber>();
  private readonly companyNumbersByCompany = new Map<number, CompanyNumber[]>();
  private readonly rules = new Map<string, RegionRule[]>();
  private readonly companyRules = new Map<number, RegionRule[]>();
  private readonly familiar = new Map<number, Map<string, Familiar>>();
  /** Per company: `companyNumber client` → the latest talk (return calls, SPEC §3). */
  private readonly lastTalks = new Map<number, Map<string, LastTalk>>();
  /** Device credentials by digest user name, and the user names of each SIP number. */
  private readonly credentials = new Map<string, DeviceCredential>();
  private readonly credentialsByNumber = new Map<string, string[]>();
  domain: string | undefined;

  get size(): number {
    return this.numbers.size;
  }

  number(sipNumber: string): SipNumberWithOwner | undefined {
    return this.numbers.get(sipNumber);
  }

  credential(username: string): DeviceCredential | undefined {
    return this.credentials.get(username);
  }

  /** A SIP number's device credentials as they are now (none: the number's are all revoked). */
  putCredentials(sipNumber: string, list: readonly DeviceCredential[]): void {
    for (const username of this.credentialsByNumber.get(sipNumber) ?? []) {
      this.credentials.delete(username);
    }
    for (const credential of list) this.credentials.set(credential.username, credential);
    if (list.length === 0) this.credentialsByNumber.delete(sipNumber);
    else
      this.credentialsByNumber.set(
        sipNumber,
        list.map((c) => c.username),
      );
  }

  numberOfEmployee(employeeId: number): SipNumberWithOwner | undefined {
    const sipNumber = this.byEmployee.get(employeeId);
    return sipNumber === undefined ? undefined : this.numbers.get(sipNumber);
  }

  numbersOf(companyId: number): string[] {
    return [...(this.numbersByCompany.get(companyId) ?? [])];
  }

  /** The latest-starting period in force at `at` (periods are kept in order of start). */
  absenceAt(employeeId: number, at: EpochMs): AbsencePeriod | undefined {
    return this.absences.get(employeeId)?.findLast((p) => p.from <= at && p.to > at);
  }

  companyNumber(e164: string): CompanyNumber | undefined {
    return this.companyNumbers.get(e164);
  }

  companyNumbersOf(companyId: number): readonly CompanyNumber[] {
    return this.companyNumbersByCompany.get(companyId) ?? NONE;
  }

  rulesOf(sipNumber: string): readonly RegionRule[] {
    return this.rules.get(sipNumber) ?? NONE;
  }

  companyRulesOf(companyId: number): readonly RegionRule[] {
    return this.companyRules.get(companyId) ?? NONE;
  }

  familiarOf(companyId: number, client: string): Familiar | undefined {
    return this.familiar.get(companyId)?.get(client);
  }

  lastTalkOf(companyId: number, companyNumber: string, client: string): LastTalk | undefined {
    return this.lastTalks.get(companyId)?.get(`${companyNumber} ${client}`);
  }

  putCompany(company: Company): void {
    this.companies.set(company.id, company);
  }

  /** A SIP number as it is now, or gone; returns the numbers whose entry changed. */
  putNumber(sipNumber: string, row: SipNumberWithOwner | undefined): string[] {
    const before = this.numbers.get(sipNumber);
    if (before) this.dropNumber(before);
    if (!row) {
      this.rules.delete(sipNumber);
      this.putCredentials(sipNumber, []); // the database deleted them with the number
      return [sipNumber];
    }
    const moved = this.numberOfEmployee(row.employeeId);
    if (moved) this.dropNumber(moved);
    this.numbers.set(row.number, row);
    this.byEmployee.set(row.employeeId, row.number);
    let ofCompany = this.numbersByCompany.get(row.companyId);
    if (!ofCompany) this.numbersByCompany.set(row.companyId, (ofCompany = new Set()));
    ofCompany.add(row.number);
    return moved ? [row.number, moved.number] : [row.number];
  }

  /** An employee's SIP number as it is now, or none (the employee is gone). */
  putEmployee(employeeId: number, row: SipNumberWithOwner | undefined): string[] {
    if (row) return this.putNumber(row.number, row);
    const before = this.numberOfEmployee(employeeId);
    this.absences.delete(employeeId);
    return before ? this.putNumber(before.number, undefined) : [];
  }

  putAbsences(employeeId: number, periods: AbsencePeriod[]): void {
    if (periods.length === 0) this.absences.delete(employeeId);
    else this.absences.set(employeeId, periods);
  }

  putCompanyNumbers(companyId: number, numbers: CompanyNumber[]): void {
    for (const old of this.companyNumbersByCompany.get(companyId) ?? []) {
      if (this.companyNumbers.get(old.number)?.companyId === companyId) {
        this.companyNumbers.delete(old.number);
      }
    }
    for (const n of numbers) this.companyNumbers.set(n.number, n);
    if (numbers.length === 0) this.companyNumbersByCompany.delete(companyId);
    else this.companyNumbersByCompany.set(companyId, numbers);
  }

  putRules(sipNumber: string, rules: RegionRule[]): void {
    if (rules.length === 0) this.rules.delete(sipNumber);
    else this.rules.set(sipNumber, rules);
  }

  putCompanyRules(companyId: number, rules: RegionRule[]): void {
    if (rules.length === 0) this.companyRules.delete(companyId);
    else this.companyRules.set(companyId, rules);
  }

  /**
   * Keeps the later of what is known and `familiar` (equal times: the one heard last), and,
   * when it names the employee, the latest talk through its company number.
   */
  putFamiliar(
    companyId: number,
    client: string,
    familiar: (Familiar & { employeeNumber?: string }) | undefined,
  ): void {
    let ofCompany = this.familiar.get(companyId);
    if (!familiar) {
      ofCompany?.delete(client);
      return;
    }
    if (familiar.employeeNumber) this.putLastTalk(companyId, client, familiar);
    if (!ofCompany) this.familiar.set(companyId, (ofCompany = new Map()));
    const known = ofCompany.get(client);
    if (!known || familiar.answeredAt >= known.answeredAt) {
      // Only the two fields: a loaded row carries more, and there may be millions.
      ofCompany.set(client, {
        companyNumber: familiar.companyNumber,
        answeredAt: familiar.answeredAt,
      });
    }
  }

  private putLastTalk(
    companyId: number,
    client: string,
    talk: Familiar & { employeeNumber?: string },
  ): void {
    let ofCompany = this.lastTalks.get(companyId);
    if (!ofCompany) this.lastTalks.set(companyId, (ofCompany = new Map()));
    const key = `${talk.companyNumber} ${client}`;
    const known = ofCompany.get(key);
    if (known && talk.answeredAt < known.answeredAt) return;
    ofCompany.set(key, { sipNumber: talk.employeeNumber!, answeredAt: talk.answeredAt });
  }

  /** Forgets everything of a company (removed); returns its SIP numbers. */
  dropCompany(companyId: number): string[] {
    const numbers = this.numbersOf(companyId);
    for (const n of numbers) this.putNumber(n, undefined);
    this.putCompanyNumbers(companyId, []);
    for (const [employeeId, periods] of this.absences) {
      if (periods[0]?.companyId === companyId) this.absences.delete(employeeId);
    }
    this.familiar.delete(companyId);
    this.lastTalks.delete(companyId);
    this.companies.delete(companyId);
    return numbers;
  }

  private dropNumber(row: SipNumberWithOwner): void {
    this.numbers.delete(row.number);
    if (this.byEmployee.get(row.employeeId) === row.number) this.byEmployee.delete(row.employeeId);
    const ofCompany = this.numbersByCompany.get(row.companyId);
    ofCompany?.delete(row.number);
    if (ofCompany?.size === 0) this.numbersByCompany.delete(row.companyId);
  }
}
