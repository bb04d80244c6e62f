/**
 * A second process writing to the store, for the contract's concurrency test: it hires
 * `count` employees into one company, each in a transaction that reads the head count under
 * the company lock and names the employee after it (so two writers that were not serialised
 * would give two employees one name). Prints "done" at the end.
 */
import { openStoreAt, type StoreLocation } from '../index';

const [location, companyId, prefix, count] = process.argv.slice(2);
const store = await openStoreAt(JSON.parse(location!) as StoreLocation);
const company = store.forCompany(Number(companyId));
for (let i = 0; i < Number(count); i++) {
  await company.withTransaction(async (tx) => {
    await tx.lock();
    const seen = await tx.employees.count();
    const employee = await tx.employees.create({ name: `Employee ${seen + 1}` });
    const number = `0${prefix}${String(i).padStart(5, '0')}`;
    await tx.sipNumbers.create({ number, employeeId: employee.id, ha1: 'h' });
  });
}
await store.close();
process.stdout.write('done\n');
