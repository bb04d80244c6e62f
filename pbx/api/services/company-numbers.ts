import type { CompanyNumber as CompanyNumberView } from '../../../shared/api';
import type { CompanyNumberPatch } from '../../store';
import type { ApiDeps } from '../deps';
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

export function addCompanyNumber(
  deps: ApiDeps,
  by: SessionContext,
  input: CompanyNumberInput,
): CompanyNumberView {
  const { store } = deps;
  const view = store.transaction(() => {
    if (store.companyNumbers.getByNumber(input.number)) {
      // Also for another company's number: which company has it is not told.
      throw new ApiError('conflict', `${input.number} is already connected`, [
        { path: 'number', message: 'this number is already connected' },
      ]);
    }
    const inbound = colleagueField(
      store,
      by.companyId,
      'inboundEmployeeId',
      input.inboundEmployeeId,
    );
    const created = companyNumberView(
      store,
      store.companyNumbers.create({
        companyId: by.companyId,
        number: input.number,
        region: tableRegion(deps, input.region),
        enabled: input.enabled,
        isDefault: input.isDefault,
        inboundEmployeeId: inbound,
      }),
    );
    audit(deps, by, 'company-number.create', input.number, null, created);
    return created;
  });
  deps.events.publish(by.companyId, { type: 'company-numbers-changed' });
  return view;
}

export function updateCompanyNumber(
  deps: ApiDeps,
  by: SessionContext,
  id: number,
  input: Omit<CompanyNumberPatch, 'inboundEmployeeId'> & { inboundEmployeeId?: number | null },
): CompanyNumberView {
  const { store } = deps;
  const view = store.transaction(() => {
    const before = companyNumberView(store, companyNumberOf(store, by.companyId, id));
    const patch: CompanyNumberPatch = { ...input };
    if (input.region !== undefined) patch.region = tableRegion(deps, input.region);
    if (input.inboundEmployeeId !== undefined) {
      patch.inboundEmployeeId = colleagueField(
        store,
        by.companyId,
        'inboundEmployeeId',
        input.inboundEmployeeId,
      );
    }
    const after = companyNumberView(store, store.companyNumbers.update(id, patch)!);
    audit(deps, by, 'company-number.update', after.number, before, after);
    return after;
  });
  deps.events.publish(by.companyId, { type: 'company-numbers-changed' });
  return view;
}

/**
 * A company number's region as the numbering table spells it, so that "a number in the
 * client's region" finds it (SPEC §3); `400` for a name the table does not have.
 */
function tableRegion(deps: ApiDeps, region: string | null | undefined): string | null {
  if (!region) return null;
  const canonical = canonicalRegion(regionNames(deps), region);
  if (canonical === undefined) {
    throw ApiError.badField('region', `there is no region named "${region}"`);
  }
  return canonical;
}

export function removeCompanyNumber(deps: ApiDeps, by: SessionContext, id: number): void {
  const { store } = deps;
  store.transaction(() => {
    const before = companyNumberView(store, companyNumberOf(store, by.companyId, id));
    store.companyNumbers.remove(id);
    audit(deps, by, 'company-number.delete', before.number, before, null);
  });
  deps.events.publish(by.companyId, { type: 'company-numbers-changed' });
}
