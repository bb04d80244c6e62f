import { vi } from 'vitest';
import {
  companyNumber,
  credentials,
  detail,
  device,
  regionRule,
  summary,
} from '../../app/test-data';
import { fakeApi, renderApp } from '../../app/test-utils';

/** An API that answers everything the employee page of Olga Petrova (id 11) reads. */
export function employeePageApi() {
  const api = fakeApi({
    getEmployee: vi.fn(async () => detail()),
    listDevices: vi.fn(async () => [device()]),
    credentials: vi.fn(async () => credentials()),
    company: vi.fn(async () => ({
      id: 7,
      name: 'Acme',
      mailConfigured: true,
      announcementLanguage: 'ru' as const,
      returnCalls: { days: 30, fallbackEmployeeId: null },
    })),
    listAbsences: vi.fn(async () => []),
    listCompanyNumbers: vi.fn(async () => [
      companyNumber(),
      companyNumber({
        id: 4,
        number: '+74951234567',
        region: 'Москва',
        regionFromNumber: 'Москва',
        isDefault: false,
      }),
    ]),
    listRegionRules: vi.fn(async () => [regionRule()]),
    regions: vi.fn(async (search?: string) =>
      [
        { name: 'Санкт-Петербург', en: 'Saint Petersburg' },
        { name: 'Ленинградская область', en: 'Leningrad Oblast' },
        { name: 'Москва', en: 'Moscow' },
        { name: 'Московская область', en: 'Moscow Oblast' },
      ].filter(
        ({ name, en }) => !search || `${name} ${en}`.toLowerCase().includes(search.toLowerCase()),
      ),
    ),
    listEmployees: vi.fn(async () => ({
      items: [summary(), summary({ id: 12, name: 'Ivan Sidorov', sipNumber: '0111111' })],
      total: 2,
    })),
  });
  return api;
}

/** The Admin tab open on Olga Petrova's page. */
export function renderEmployeePage(api = employeePageApi()) {
  return renderApp({ admin: true, adminPage: { name: 'employee', id: 11 }, api });
}
