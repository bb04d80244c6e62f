import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { absence, apiError } from '../../app/test-data';
import { employeePageApi, renderEmployeePage } from './employee-page-fakes';

const section = async () => within(await screen.findByRole('region', { name: 'Absence periods' }));

describe('absence periods', () => {
  it('lists periods with the colleague who takes the calls, and deletes one', async () => {
    const api = employeePageApi();
    api.listAbsences.mockResolvedValue([absence()]);
    api.deleteAbsence.mockResolvedValue(undefined);
    const { user } = renderEmployeePage(api);
    const s = await section();
    const item = await s.findByRole('listitem');
    expect(item).toHaveTextContent('vacation');
    expect(item).toHaveTextContent('calls go to Ivan Sidorov');
    await user.click(within(item).getByRole('button', { name: /^Delete absence/ }));
    expect(api.deleteAbsence).toHaveBeenCalledWith(11, 5);
    await waitFor(() => expect(api.listAbsences).toHaveBeenCalledTimes(2));
  });

  it('adds a period with a colleague', async () => {
    const api = employeePageApi();
    api.addAbsence.mockResolvedValue(absence());
    const { user } = renderEmployeePage(api);
    const s = await section();
    fireEvent.change(s.getByLabelText('From'), { target: { value: '2030-03-10T09:00' } });
    fireEvent.change(s.getByLabelText('To'), { target: { value: '2030-03-20T21:00' } });
    await user.type(s.getByLabelText('Reason'), 'vacation');
    const colleague = s.getByRole('combobox', { name: 'Calls go to' });
    await waitFor(() => expect(within(colleague).getAllByRole('option')).toHaveLength(2));
    await user.selectOptions(colleague, 'Ivan Sidorov (0111111)');
    await user.click(s.getByRole('button', { name: 'Add absence' }));
    expect(api.addAbsence).toHaveBeenCalledWith(11, {
      from: new Date('2030-03-10T09:00').toISOString(),
      to: new Date('2030-03-20T21:00').toISOString(),
      reason: 'vacation',
      forwardToEmployeeId: 12,
    });
    await waitFor(() => expect(s.getByLabelText('From')).toHaveValue(''));
  });

  it('says what is missing, and that the end must be after the start', async () => {
    const api = employeePageApi();
    const { user } = renderEmployeePage(api);
    const s = await section();
    await user.click(s.getByRole('button', { name: 'Add absence' }));
    expect(s.getByLabelText('From')).toHaveAccessibleDescription('Enter when the absence starts.');
    fireEvent.change(s.getByLabelText('From'), { target: { value: '2030-03-10T09:00' } });
    fireEvent.change(s.getByLabelText('To'), { target: { value: '2030-03-01T09:00' } });
    await user.click(s.getByRole('button', { name: 'Add absence' }));
    expect(s.getByRole('alert')).toHaveTextContent(
      'Enter when the absence ends; it must be after the start.',
    );
    expect(api.addAbsence).not.toHaveBeenCalled();
  });

  it('says in words when the period overlaps another (409)', async () => {
    const api = employeePageApi();
    api.addAbsence.mockRejectedValue(apiError.conflict('the period overlaps another absence'));
    const { user } = renderEmployeePage(api);
    const s = await section();
    fireEvent.change(s.getByLabelText('From'), { target: { value: '2030-03-10T09:00' } });
    fireEvent.change(s.getByLabelText('To'), { target: { value: '2030-03-12T09:00' } });
    await user.click(s.getByRole('button', { name: 'Add absence' }));
    expect(await s.findByRole('alert')).toHaveTextContent(
      'This period overlaps another absence of this employee. Change the dates or delete the other one first.',
    );
  });

  it('shows a period another admin added, live', async () => {
    const api = employeePageApi();
    const { events } = renderEmployeePage(api);
    const s = await section();
    await s.findByText('No absence periods.');
    api.listAbsences.mockResolvedValue([absence({ reason: 'sick leave', forwardTo: null })]);
    events.push({ type: 'absences-changed', employeeId: 11 });
    const item = await s.findByRole('listitem');
    expect(item).toHaveTextContent('sick leave');
    expect(item).toHaveTextContent('callers hear the employee is absent');
  });
});
