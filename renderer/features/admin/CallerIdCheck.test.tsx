import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, callerIdCheckResult } from '../../app/test-data';
import { employeePageApi, renderEmployeePage } from './employee-page-fakes';

const section = async () =>
  screen
    .findByRole('region', { name: 'Which number will the client see?' })
    .then((region) => within(region));

describe('which number will the client see', () => {
  it('shows the number, formatted, and why', async () => {
    const api = employeePageApi();
    api.checkCallerId.mockResolvedValue(callerIdCheckResult());
    const { user } = renderEmployeePage(api);
    const s = await section();
    await user.type(s.getByRole('textbox', { name: 'Client’s number' }), '8 812 309-00-00');
    await user.click(s.getByRole('button', { name: 'Check' }));
    expect(api.checkCallerId).toHaveBeenCalledWith(11, { client: '8 812 309-00-00' });
    expect(await s.findByText('The client sees +7 812 123 45 67.')).toBeVisible();
    expect(
      s.getByText('Why: familiar number: last answered call on November 20, 2026'),
    ).toBeVisible();
    expect(s.getByText('Client +7 812 309 00 00, Saint Petersburg.')).toBeVisible();
  });

  it('says when the call would be refused, and why', async () => {
    const api = employeePageApi();
    api.checkCallerId.mockResolvedValue(
      callerIdCheckResult({
        client: { number: '+74951112233', regions: [] },
        number: null,
        reason: null,
        refusal: { kind: 'rules-leave-none', regions: ['Москва'] },
        explanation: 'no caller ID permitted: region restrictions for Москва leave none',
      }),
    );
    const { user } = renderEmployeePage(api);
    const s = await section();
    await user.type(s.getByRole('textbox', { name: 'Client’s number' }), '+7 495 111-22-33{Enter}');
    expect(
      await s.findByText(
        'The call would be refused: no company number may be shown to this client.',
      ),
    ).toBeVisible();
    expect(
      await s.findByText(
        'Why: the restrictions for Moscow forbid all of the company’s numbers that are on',
      ),
    ).toBeVisible();
    expect(s.getByText('Client +7 495 111 22 33, region unknown.')).toBeVisible();
    expect(s.queryByText(/The client sees/)).not.toBeInTheDocument();
  });

  it('says what is wrong with the number: empty, and a 400', async () => {
    const api = employeePageApi();
    const { user } = renderEmployeePage(api);
    const s = await section();
    const input = s.getByRole('textbox', { name: 'Client’s number' });
    await user.click(s.getByRole('button', { name: 'Check' }));
    expect(s.getByRole('alert')).toHaveTextContent(
      'Enter the client’s number as you would dial it, such as 8 812 123-45-67.',
    );
    expect(api.checkCallerId).not.toHaveBeenCalled();

    api.checkCallerId.mockRejectedValue(
      apiError.fields([{ path: 'client', message: 'not a phone number' }]),
    );
    await user.type(input, 'abc');
    await user.click(s.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.checkCallerId).toHaveBeenCalled());
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(
      expect.stringContaining('Enter the client’s number as you would dial it'),
    );
  });

  it('drops an answer once the number’s settings change', async () => {
    const api = employeePageApi();
    api.checkCallerId.mockResolvedValue(callerIdCheckResult());
    const { user, events } = renderEmployeePage(api);
    const s = await section();
    await user.type(s.getByRole('textbox', { name: 'Client’s number' }), '88123090000{Enter}');
    await s.findByText('The client sees +7 812 123 45 67.');
    events.push({ type: 'sip-number-changed', employeeId: 11, sipNumber: '0462626' });
    await waitFor(() => expect(s.queryByText(/The client sees/)).not.toBeInTheDocument());
  });
});
