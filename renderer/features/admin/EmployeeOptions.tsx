import type { EmployeeSummary } from '../../../shared/api';

/** The options of an employee picker: "nobody" (the empty value), then each employee by name. */
export function EmployeeOptions({
  employees,
  none,
}: {
  employees: EmployeeSummary[];
  none: string;
}) {
  return (
    <>
      <option value="">{none}</option>
      {employees.map((e) => (
        <option key={e.id} value={e.id}>
          {e.name}
        </option>
      ))}
    </>
  );
}
