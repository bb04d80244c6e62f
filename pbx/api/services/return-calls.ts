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
    announcementLanguage: company?.announcementLanguage ?? 'ru',
    mailConfigured: tenant.mailer.configured,
    suspended: company?.status === 'suspended',
  };
}

/** The language the company's refused callers hear announcements in (docs: Announcements). */
export async function updateAnnouncementLanguage(
  tenant: CompanyDeps,
  by: SessionContext,
  language: 'ru' | 'en',
): Promise<CompanyInfo> {
  const before = await companyInfo(tenant);
  await tenant.company.setAnnouncementLanguage(language);
  const after = await companyInfo(tenant);
  const [was, is] = [before.announcementLanguage, after.announcementLanguage];
  await audit(tenant, by, 'company.announcement-language', after.name, was, is);
  return after;
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
