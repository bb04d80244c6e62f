import type { CompanyInfo, ReturnCalls } from '../../../shared/api';
import { DEFAULT_RETURN_CALL_DAYS } from '../../store';
import type { CompanyDeps } from '../deps';
import { ApiError } from '../errors';
import { colleagueField } from '../scoped';
import type { SessionContext } from '../sessions';
import { audit } from './audit';

/** The company as its admin sees it (GET /admin/company). */
export async function companyInfo(tenant: CompanyDeps): Promise<CompanyInfo> {
  const company = await tenant.company.company();
  return {
    id: tenant.company.companyId,
    name: company?.name ?? '',
    returnCalls: company?.returnCalls ?? {
      days: DEFAULT_RETURN_CALL_DAYS,
      fallbackEmployeeId: null,
    },
    mailConfigured: tenant.mailer.configured,
    suspended: company?.status === 'suspended',
  };
}

/** The admin's return-call settings (SPEC §3): the period and the fallback employee. */
export async function updateReturnCalls(
  tenant: CompanyDeps,
  by: SessionContext,
  patch: Partial<ReturnCalls>,
): Promise<CompanyInfo> {
  const before = await companyInfo(tenant);
  const fallbackEmployeeId =
    patch.fallbackEmployeeId === undefined
      ? undefined
      : await colleagueField(
          tenant.company,
          'returnCalls.fallbackEmployeeId',
          patch.fallbackEmployeeId,
        );
  const updated = await tenant.company.setReturnCalls({ ...patch, fallbackEmployeeId });
  if (updated === false) {
    throw ApiError.badField('returnCalls.fallbackEmployeeId', 'no such employee in this company');
  }
  const after = await companyInfo(tenant);
  await audit(
    tenant,
    by,
    'company.return-calls',
    after.name,
    before.returnCalls,
    after.returnCalls,
  );
  return after;
}
