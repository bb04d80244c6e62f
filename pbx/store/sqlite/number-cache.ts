import type {
  AbsencePeriod,
  AbsenceRepository,
  EmployeeRepository,
  SipNumberRepository,
  SipNumberWithOwner,
} from '../store';

/**
 * A read-through cache for `sipNumbers.get`, the query every REGISTER and call makes several
 * times. Writes through this store clear it at once; writes by other connections are noticed
 * through SQLite's data_version, read by the first get of each event-loop turn (a PRAGMA per
 * get was 4 % of the PBX's CPU at 1,000 calls/s; one turn serves many messages under load,
 * and a commit seen one turn later is no different from a commit made a moment later).
 * Misses are not cached, so a number created elsewhere is found at once. Each call also asks
 * whether its callee is absent (SPEC §3): an employee's absence periods are cached the same
 * way, as the list the current one is picked from.
 */
export function withNumberCache(
  numbers: SipNumberRepository,
  employees: EmployeeRepository,
  absences: AbsenceRepository,
  dataVersion: () => number,
): {
  sipNumbers: SipNumberRepository;
  employees: EmployeeRepository;
  absences: AbsenceRepository;
  /** data_version, clearing the cache when another connection has written. */
  dataVersion: () => number;
} {
  const cache = new Map<string, SipNumberWithOwner>();
  const periods = new Map<number, AbsencePeriod[]>();
  let version = dataVersion();
  const clear = () => {
    cache.clear();
    periods.clear();
  };
  const clearing =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      clear();
      return fn(...args);
    };

  const checkedDataVersion = () => {
    const current = dataVersion();
    if (current !== version) {
      version = current;
      clear();
    }
    return current;
  };
  let checkedThisTurn = false;
  const endTurn = () => {
    checkedThisTurn = false;
  };
  const checkOncePerTurn = () => {
    if (checkedThisTurn) return;
    checkedThisTurn = true;
    setImmediate(endTurn).unref();
    checkedDataVersion();
  };

  // Every method is listed (no spread), so a write added to an interface fails to compile
  // here until it is sorted into "reads" or "clears the cache".
  const sipNumbers: SipNumberRepository = {
    get: (number) => {
      checkOncePerTurn();
      const cached = cache.get(number);
      if (cached) return cached;
      const found = numbers.get(number);
      // Keyed by the row's own string: the caller's may be a slice of a whole SIP message.
      if (found) cache.set(found.number, found);
      return found;
    },
    getByEmployee: numbers.getByEmployee,
    listByCompany: numbers.listByCompany,
    isTaken: numbers.isTaken,
    create: clearing(numbers.create),
    updateSettings: clearing(numbers.updateSettings),
    setHa1: clearing(numbers.setHa1),
    setChosenCallerId: clearing(numbers.setChosenCallerId),
    remove: clearing(numbers.remove),
  };
  const periodsOf = (employeeId: number) => {
    checkOncePerTurn();
    let list = periods.get(employeeId);
    if (!list) periods.set(employeeId, (list = absences.listByEmployee(employeeId)));
    return list;
  };
  return {
    sipNumbers,
    dataVersion: checkedDataVersion,
    absences: {
      create: clearing(absences.create),
      get: absences.get,
      listByEmployee: absences.listByEmployee,
      overlapping: absences.overlapping,
      // The latest-starting period in force, as the query orders them (by start, then id).
      current: (employeeId, at) =>
        periodsOf(employeeId).findLast((period) => period.from <= at && period.to > at),
      remove: clearing(absences.remove),
    },
    employees: {
      create: employees.create,
      get: employees.get,
      getBySipNumber: employees.getBySipNumber,
      list: employees.list,
      count: employees.count,
      update: clearing(employees.update),
      remove: clearing(employees.remove),
    },
  };
}
