import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, detail } from '../../app/test-data';
import { employeePageApi, renderEmployeePage } from './employee-page-fakes';

const form = async () => within(await screen.findByRole('form', { name: 'Name and e-mail' }));

describe('employee name and e-mail', () => {
  it('saves a new name; an empty e-mail removes it', async () => {
    const api = employeePageApi();
    api.updateEmployee.mockResolvedValue(detail({ name: 'Olga Ivanova', email: null }));
    const { user } = renderEmployeePage(api);
    const f = await form();
    await user.clear(f.getByLabelText('Name'));
    await user.type(f.getByLabelText('Name'), 'Olga Ivanova');
    await user.clear(f.getByLabelText('E-mail'));
    await user.click(f.getByRole('button', { name: 'Update name and e-mail' }));
    expect(api.updateEmployee).toHaveBeenCalledWith(11, { name: 'Olga Ivanova', email: '' });
    await waitFor(() => expect(api.getEmployee).toHaveBeenCalledTimes(2));
  });

  it('puts a 400 on the e-mail next to it, in a sentence', async () => {
    const api = employeePageApi();
    api.updateEmployee.mockRejectedValue(
      apiError.fields([{ path: 'email', message: 'not a valid e-mail address' }]),
    );
    const { user } = renderEmployeePage(api);
    const f = await form();
    await user.click(f.getByRole('button', { name: 'Update name and e-mail' }));
    expect(await f.findByRole('alert')).toHaveTextContent(
      'This is not an e-mail address. Enter one such as olga@example.com.',
    );
    expect(f.getByLabelText('E-mail')).toHaveAccessibleDescription(
      expect.stringContaining('This is not an e-mail address.'),
    );
  });

  it('says so when the employee was deleted meanwhile', async () => {
    const api = employeePageApi();
    api.getEmployee.mockRejectedValue(
      new (await import('../../api')).ApiRequestError(404, 'not-found', 'no such employee'),
    );
    renderEmployeePage(api);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This employee no longer exists: someone may have deleted them.',
    );
  });
});
