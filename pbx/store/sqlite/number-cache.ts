import type { EmployeeRepository, SipNumberRepository, SipNumberWithOwner } from '../store';

/**
 * A read-through cache for `sipNumbers.get`, the query every REGISTER and call makes several
 * times. Writes through this store clear it at once; writes by other connections are noticed
 * through SQLite's data_version, read by the first get of each event-loop turn (a PRAGMA per
 * get was 4 % of the PBX's CPU at 1,000 calls/s; one turn serves many messages under load,
 * and a commit seen one turn later is no different from a commit made a moment later).
 * Misses are not cached, so a number created elsewhere is found at once.
 */
export function withNumberCache(
  numbers: SipNumberRepository,
  employees: EmployeeRepository,
  dataVersion: () => number,
): {
  sipNumbers: SipNumberRepository;
  employees: EmployeeRepository;
  /** data_version, clearing the cache when another connection has written. */
  dataVersion: () => number;
} {
  const cache = new Map<string, SipNumberWithOwner>();
  let version = dataVersion();
  const clear = () => cache.clear();
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
  return {
    sipNumbers,
    dataVersion: checkedDataVersion,
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
