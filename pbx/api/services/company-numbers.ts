import type { CompanyNumber as CompanyNumberView } from '../../../shared/api';
import type { CompanyNumberPatch } from '../../store';
import type { CompanyDeps } from '../deps';
import { ApiError } from '../errors';
import { canonicalRegion, regionNames } from '../regions';
import { colleagueField, companyNumberOf } from '../scoped';
import type { SessionContext } from '../sessions';
import { companyNumberView } from '../views';
import { audit } from './audit';

export interface CompanyNumberInput {
  number: string;
  region?: string | null;
  enabled: boolean;
  isDefault: boolean;
  inboundEmployeeId?: number | null;
}

export async function addCompanyNumber(
  deps: CompanyDeps,
  by: SessionContext,
  input: CompanyNumberInput,
): Promise<CompanyNumberView> {
  const view = await deps.company.withTransaction(async (company) => {
    if (await company.companyNumbers.isTaken(input.number)) {
      // Also for another company's number: which company has it is not told.
      throw new ApiError('conflict', `${input.number} is already connected`, [
        { path: 'number', message: 'this number is already connected' },
      ]);
    }
    const inbound = await colleagueField(company, 'inboundEmployeeId', input.inboundEmployeeId);
    const created = await companyNumberView(
      company,
      await company.companyNumbers.create({
        number: input.number,
        region: tableRegion(deps, input.region),
        enabled: input.enabled,
        isDefault: input.isDefault,
        inboundEmployeeId: inbound,
      }),
      deps.regionsOf,
    );
    await audit({ ...deps, company }, by, 'company-number.create', input.number, null, created);
    return created;
  });
  deps.events.publish(by.companyId, { type: 'company-numbers-changed' });
  return view;
}

export async function updateCompanyNumber(
  deps: CompanyDeps,
  by: SessionContext,
  id: number,
  input: Omit<CompanyNumberPatch, 'inboundEmployeeId'> & { inboundEmployeeId?: number | null },
): Promise<CompanyNumberView> {
  const view = await deps.company.withTransaction(async (company) => {
    const before = await companyNumberView(
      company,
      await companyNumberOf(company, id),
      deps.regionsOf,
    );
    const patch: CompanyNumberPatch = { ...input };
    if (input.region !== undefined) patch.region = tableRegion(deps, input.region);
    if (input.inboundEmployeeId !== undefined) {
      patch.inboundEmployeeId = await colleagueField(
        company,
        'inboundEmployeeId',
        input.inboundEmployeeId,
      );
    }
    const after = await companyNumberView(
      company,
      (await company.companyNumbers.update(id, patch))!,
      deps.regionsOf,
    );
    await audit({ ...deps, company }, by, 'company-number.update', after.number, before, after);
    return after;
  });
  deps.events.publish(by.companyId, { type: 'company-numbers-changed' });
  return view;
}

/**
 * An admin's region for a company number as the numbering table spells it (Russian or English
 * accepted), so that "a number in the client's region" finds it (SPEC §3); none (null or '')
 * means the region comes from the number; `400` for a name the table does not have.
 */
function tableRegion(deps: CompanyDeps, region: string | null | undefined): string | null {
  if (!region) return null;
  const canonical = canonicalRegion(regionNames(deps), region);
  if (canonical === undefined) {
    throw ApiError.badField('region', `there is no region named "${region}"`);
  }
  return canonical;
}

export async function removeCompanyNumber(
  deps: CompanyDeps,
  by: SessionContext,
  id: number,
): Promise<void> {
  await deps.company.withTransaction(async (company) => {
    const before = await companyNumberView(
      company,
      await companyNumberOf(company, id),
      deps.regionsOf,
    );
    await company.companyNumbers.remove(id);
    await audit({ ...deps, company }, by, 'company-number.delete', before.number, before, null);
  });
  deps.events.publish(by.companyId, { type: 'company-numbers-changed' });
}
