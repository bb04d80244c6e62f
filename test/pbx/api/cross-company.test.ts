import { afterEach, describe, expect, it } from 'vitest';
import { createEmployee } from '../../../pbx/directory';
import {
  signedInAdmin,
  signedInEmployee,
  type ApiClient,
  type ApiResponse,
} from '../../support/api';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { registerWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice } from '../../support/sip-devices';

/** Two companies in one PBX: A with an employee, a device, an absence and a number; B beside it. */
interface World {
  pbx: TestPbx;
  adminA: ApiClient;
  adminB: ApiClient;
  otherCompanyId: number;
  anna: { id: number; sipNumber: string; password: string };
  /** Anna's phone, registered with her password. */
  phone: RawSipClient;
  olga: { id: number; sipNumber: string; password: string };
  /** Ids of company A's data, as a row's path takes them. */
  ids: Ids;
}

interface Ids {
  employee: number;
  absence: number;
  number: number;
  device: string;
  rule: number;
  /** An employee of company B, the one whose company the admin is in. */
  own: number;
}

const A_NUMBER = '+78121234567';
const B_NUMBER = '+74951234567';

let world: World | undefined;
afterEach(async () => {
  closeSipClients();
  await world?.pbx.stop();
  world = undefined;
});

async function twoCompanies(): Promise<World> {
  const pbx = await startTestPbx();
  const adminA = await signedInAdmin(pbx, 'a@example.com');
  const created = await adminA.post('/admin/employees', {
    name: 'Anna Ivanova',
    email: 'anna@a.example',
  });
  expect(created.status).toBe(201);
  const anna = {
    id: created.body.employee.id as number,
    sipNumber: created.body.employee.sipNumber.number as string,
    password: created.body.password as string,
  };
  const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
  const devices = await adminA.get(`/admin/employees/${anna.id}/devices`);
  const absence = await adminA.post(`/admin/employees/${anna.id}/absences`, {
    from: '2030-03-01T00:00:00Z',
    to: '2030-03-08T00:00:00Z',
    reason: 'vacation',
  });
  expect(absence.status).toBe(201);
  const number = await adminA.post('/admin/company-numbers', {
    number: A_NUMBER,
    isDefault: true,
    inboundEmployeeId: anna.id,
  });
  expect(number.status).toBe(201);
  const rule = await adminA.post(`/admin/employees/${anna.id}/region-rules`, {
    region: 'Санкт-Петербург',
    numbers: [A_NUMBER],
    effect: 'allow',
  });
  expect(rule.status).toBe(201);

  const otherCompanyId = (await pbx.store.companies.create({ name: 'Other' })).id;
  const adminB = await signedInAdmin(pbx, 'b@other.example', otherCompanyId);
  const made = await createEmployee(
    pbx.store.forCompany(otherCompanyId),
    { name: 'Olga Petrova', email: 'olga@other.example' },
    TEST_DOMAIN,
  );
  await pbx.pbx.directory.sync();
  const olga = { id: made.employee.id, sipNumber: made.sipNumber, password: made.password };
  world = {
    pbx,
    adminA,
    adminB,
    otherCompanyId,
    anna,
    phone,
    olga,
    ids: {
      employee: anna.id,
      absence: absence.body.id,
      number: number.body.id,
      device: devices.body[0].id,
      rule: rule.body.id,
      own: olga.id,
    },
  };
  return world;
}

/** Ids that name nothing at all, in the same shape. */
const missingIds = (own: number): Ids => ({
  employee: 990_001,
  absence: 990_002,
  number: 990_003,
  device: Buffer.from('sip:nobody@127.0.0.1:5999', 'utf8').toString('base64url'),
  rule: 990_004,
  own,
});

/** What company A looks like to its own admin, and to the registrar. */
async function snapshotOfA({ pbx, adminA, anna }: World) {
  const [detail, absences, numbers, devices, audit, employees, credentials, rules] =
    await Promise.all([
      adminA.get(`/admin/employees/${anna.id}`),
      adminA.get(`/admin/employees/${anna.id}/absences`),
      adminA.get('/admin/company-numbers'),
      adminA.get(`/admin/employees/${anna.id}/devices`),
      adminA.get('/admin/audit'),
      adminA.get('/admin/employees'),
      adminA.get(`/admin/employees/${anna.id}/credentials`),
      adminA.get(`/admin/employees/${anna.id}/region-rules`),
    ]);
  return {
    detail: detail.body,
    absences: absences.body,
    numbers: numbers.body,
    devices: devices.body,
    audit: audit.body,
    employees: employees.body,
    credentials: credentials.body,
    rules: rules.body,
    bindings: pbx.pbx.bindings.list(anna.sipNumber).length,
  };
}

interface Row {
  route: string;
  method: 'GET' | 'PATCH' | 'DELETE' | 'POST';
  path: (ids: Ids) => string;
  body?: unknown;
  /** What the 404 says is missing. */
  notFound: (ids: Ids) => string;
}

/** Every admin route that takes an id of company A's data. */
const ROWS: Row[] = [
  {
    route: 'GET /admin/employees/:id',
    method: 'GET',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}`,
  },
  {
    route: 'PATCH /admin/employees/:id',
    method: 'PATCH',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}`,
    body: { name: 'Taken Over', email: 'b@other.example' },
  },
  {
    route: 'DELETE /admin/employees/:id',
    method: 'DELETE',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}`,
  },
  {
    route: 'PATCH /admin/employees/:id/sip-number',
    method: 'PATCH',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/sip-number`,
    body: { enabled: false, channels: 7, multiTerminal: true },
  },
  {
    route: 'GET /admin/employees/:id/credentials',
    method: 'GET',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/credentials`,
  },
  {
    route: 'POST /admin/employees/:id/password',
    method: 'POST',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/password`,
    body: {},
  },
  {
    route: 'POST /admin/employees/:id/password (sendEmail)',
    method: 'POST',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/password`,
    body: { sendEmail: true },
  },
  {
    route: 'GET /admin/employees/:id/devices',
    method: 'GET',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/devices`,
  },
  {
    route: 'DELETE /admin/employees/:id/devices/:deviceId',
    method: 'DELETE',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/devices/${i.device}`,
  },
  {
    route: "DELETE /admin/employees/:id/devices/:deviceId (B's employee, A's device)",
    method: 'DELETE',
    notFound: (i) => `device ${i.device}`,
    path: (i) => `/admin/employees/${i.own}/devices/${i.device}`,
  },
  {
    route: 'GET /admin/employees/:id/absences',
    method: 'GET',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/absences`,
  },
  {
    route: 'POST /admin/employees/:id/absences',
    method: 'POST',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/absences`,
    body: { from: '2030-05-01T00:00:00Z', to: '2030-05-02T00:00:00Z' },
  },
  {
    route: 'DELETE /admin/employees/:id/absences/:absenceId',
    method: 'DELETE',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/absences/${i.absence}`,
  },
  {
    route: "DELETE /admin/employees/:id/absences/:absenceId (B's employee, A's absence)",
    method: 'DELETE',
    notFound: (i) => `absence ${i.absence}`,
    path: (i) => `/admin/employees/${i.own}/absences/${i.absence}`,
  },
  {
    route: 'GET /admin/employees/:id/region-rules',
    method: 'GET',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/region-rules`,
  },
  {
    route: 'POST /admin/employees/:id/region-rules',
    method: 'POST',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/region-rules`,
    body: { region: 'Москва', numbers: [A_NUMBER], effect: 'deny' },
  },
  {
    route: 'DELETE /admin/employees/:id/region-rules/:ruleId',
    method: 'DELETE',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/region-rules/${i.rule}`,
  },
  {
    route: "DELETE /admin/employees/:id/region-rules/:ruleId (B's employee, A's rule)",
    method: 'DELETE',
    notFound: (i) => `region rule ${i.rule}`,
    path: (i) => `/admin/employees/${i.own}/region-rules/${i.rule}`,
  },
  {
    route: 'PATCH /admin/company-numbers/:id',
    method: 'PATCH',
    notFound: (i) => `company number ${i.number}`,
    path: (i) => `/admin/company-numbers/${i.number}`,
    body: { enabled: false, isDefault: false, region: 'Taken' },
  },
  {
    route: 'DELETE /admin/company-numbers/:id',
    method: 'DELETE',
    notFound: (i) => `company number ${i.number}`,
    path: (i) => `/admin/company-numbers/${i.number}`,
  },
  {
    route: 'POST /admin/employees/:id/caller-id-check',
    method: 'POST',
    notFound: (i) => `employee ${i.employee}`,
    path: (i) => `/admin/employees/${i.employee}/caller-id-check`,
    body: { client: '+78121112233' },
  },
];

describe("another company's admin", () => {
  for (const row of ROWS) {
    it(`${row.route}: 404 as for an id that does not exist, and A's data stays`, async () => {
      const w = await twoCompanies();
      const before = await snapshotOfA(w);
      expect(before.bindings).toBe(1);

      const missing = missingIds(w.olga.id);
      const ofA = await w.adminB.call(row.method, row.path(w.ids), row.body);
      const ofNobody = await w.adminB.call(row.method, row.path(missing), row.body);
      expect(ofNobody.status).toBe(404);
      expect(ofNobody.body).toEqual({
        error: 'not-found',
        message: `${row.notFound(missing)} not found`,
      });
      expect(ofA.status).toBe(404);
      expect(ofA.body).toEqual({ error: 'not-found', message: `${row.notFound(w.ids)} not found` });

      expect(await snapshotOfA(w)).toEqual(before);
      // The SIP password did not change: Anna's phone still registers with it, and she signs in.
      expect(await registerWithDigest(w.phone, w.anna.sipNumber, w.anna.password)).toBe(200);
      await signedInEmployee(w.pbx, w.anna.sipNumber, w.anna.password);
    });
  }

  it("never lists A's employees, numbers or audit entries", async () => {
    const w = await twoCompanies();
    expect((await w.adminB.post('/admin/company-numbers', { number: B_NUMBER })).status).toBe(201);
    expect(
      (await w.adminB.patch(`/admin/employees/${w.olga.id}/sip-number`, { channels: 2 })).status,
    ).toBe(200);

    const employees = await w.adminB.get('/admin/employees');
    expect(employees.body).toEqual({
      items: [
        {
          id: w.olga.id,
          name: 'Olga Petrova',
          email: 'olga@other.example',
          sipNumber: w.olga.sipNumber,
          enabled: true,
          devices: 0,
        },
      ],
      total: 1,
    });
    for (const search of ['Anna', w.anna.sipNumber, 'a.example']) {
      const found = await w.adminB.get(`/admin/employees?search=${encodeURIComponent(search)}`);
      expect(found.body, search).toEqual({ items: [], total: 0 });
    }

    const numbers = await w.adminB.get('/admin/company-numbers');
    expect(numbers.body.map((n: { number: string }) => n.number)).toEqual([B_NUMBER]);

    const audit = await w.adminB.get('/admin/audit');
    expect(audit.body.total).toBe(2);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'company-number.create',
      'sip-number.update',
    ]);
    const text = JSON.stringify(audit.body);
    for (const trace of ['a@example.com', 'Anna', w.anna.sipNumber, A_NUMBER]) {
      expect(text).not.toContain(trace);
    }
  });

  it("cannot connect A's number, and is not told whose it is", async () => {
    const w = await twoCompanies();
    expect((await w.adminB.post('/admin/company-numbers', { number: B_NUMBER })).status).toBe(201);
    const taken = await w.adminB.post('/admin/company-numbers', { number: A_NUMBER });
    const ownAgain = await w.adminB.post('/admin/company-numbers', { number: B_NUMBER });
    expect(taken.status).toBe(409);
    expect(ownAgain.status).toBe(409);
    // The same answer as for B's own number: nothing tells the two apart.
    expect(JSON.stringify(taken.body).replaceAll(A_NUMBER, '<n>')).toBe(
      JSON.stringify(ownAgain.body).replaceAll(B_NUMBER, '<n>'),
    );
    expect(taken.body).toEqual({
      error: 'conflict',
      message: `${A_NUMBER} is already connected`,
      fields: [{ path: 'number', message: 'this number is already connected' }],
    });
    expect((await w.adminA.get('/admin/company-numbers')).body).toHaveLength(1);
  });

  it("cannot name A's employee or number in a body: 400 naming the field", async () => {
    const w = await twoCompanies();
    const made = await w.adminB.post('/admin/company-numbers', { number: B_NUMBER });
    const missing = missingIds(w.olga.id);
    const cases: { field: string; send: (employeeId: number) => Promise<ApiResponse> }[] = [
      {
        field: 'forwardToEmployeeId',
        send: (employeeId) =>
          w.adminB.post(`/admin/employees/${w.olga.id}/absences`, {
            from: '2030-06-01T00:00:00Z',
            to: '2030-06-02T00:00:00Z',
            forwardToEmployeeId: employeeId,
          }),
      },
      {
        field: 'inboundEmployeeId',
        send: (employeeId) =>
          w.adminB.post('/admin/company-numbers', {
            number: '+74957654321',
            inboundEmployeeId: employeeId,
          }),
      },
      {
        field: 'inboundEmployeeId',
        send: (employeeId) =>
          w.adminB.patch(`/admin/company-numbers/${made.body.id}`, {
            inboundEmployeeId: employeeId,
          }),
      },
    ];
    const refusal = (field: string, id: number) => ({
      error: 'bad-request',
      message: `${field}: no employee with id ${id} in this company`,
      fields: [{ path: field, message: `no employee with id ${id} in this company` }],
    });
    for (const { field, send } of cases) {
      const ofA = await send(w.anna.id);
      const ofNobody = await send(missing.employee);
      expect(ofA.status, field).toBe(400);
      expect(ofA.body, field).toEqual(refusal(field, w.anna.id));
      // Word for word what an id of nobody gets.
      expect(ofNobody.status, field).toBe(400);
      expect(ofNobody.body, field).toEqual(refusal(field, missing.employee));
    }
    // Nothing was made on the way.
    expect((await w.adminB.get(`/admin/employees/${w.olga.id}/absences`)).body).toEqual([]);
    expect((await w.adminB.get('/admin/company-numbers')).body).toMatchObject([
      { number: B_NUMBER, inboundEmployee: null },
    ]);
  });

  it("cannot set A's number as a caller ID: 400 naming fixedCallerId", async () => {
    const w = await twoCompanies();
    const patched = await w.adminB.patch(`/admin/employees/${w.olga.id}/sip-number`, {
      fixedCallerId: A_NUMBER,
    });
    expect(patched.status).toBe(400);
    expect(patched.body.fields).toEqual([
      { path: 'fixedCallerId', message: `${A_NUMBER} is not one of the company's numbers` },
    ]);
  });

  it("cannot name A's number in a region rule: 400 naming numbers, as for nobody's", async () => {
    const w = await twoCompanies();
    const path = `/admin/employees/${w.olga.id}/region-rules`;
    for (const number of [A_NUMBER, '+74950000000']) {
      const refused = await w.adminB.post(path, {
        region: 'Санкт-Петербург',
        numbers: [number],
        effect: 'allow',
      });
      expect(refused.status, number).toBe(400);
      expect(refused.body.fields, number).toEqual([
        { path: 'numbers', message: `${number} is not one of the company's numbers` },
      ]);
    }
    expect((await w.adminB.get(path)).body).toEqual([]);
  });
});

describe("another company's employee", () => {
  it('sees only their own colleagues', async () => {
    const w = await twoCompanies();
    const pavel = await createEmployee(
      w.pbx.store.forCompany(w.otherCompanyId),
      { name: 'Pavel Sidorov' },
      TEST_DOMAIN,
    );
    const olga = await signedInEmployee(w.pbx, w.olga.sipNumber, w.olga.password);
    const colleagues = await olga.get('/me/colleagues');
    expect(colleagues.status).toBe(200);
    expect(colleagues.body).toEqual([
      {
        id: pavel.employee.id,
        name: 'Pavel Sidorov',
        sipNumber: pavel.sipNumber,
        registered: false,
        state: 'offline',
      },
    ]);
    expect((await olga.get('/me/colleagues?search=Anna')).body).toEqual([]);
    expect((await olga.get(`/me/colleagues?search=${w.anna.sipNumber}`)).body).toEqual([]);
    // Nor can they drop A's device from their own device list.
    const drop = await olga.delete(`/me/devices/${w.ids.device}`);
    expect(drop.status).toBe(404);
    expect(w.pbx.pbx.bindings.list(w.anna.sipNumber)).toHaveLength(1);
  });

  it("is offered only their company's numbers as caller ID, and cannot pick A's", async () => {
    const w = await twoCompanies();
    await w.adminB.post('/admin/company-numbers', { number: B_NUMBER });
    await w.adminB.patch(`/admin/employees/${w.olga.id}/sip-number`, {
      employeeMayChooseCallerId: true,
    });
    const olga = await signedInEmployee(w.pbx, w.olga.sipNumber, w.olga.password);
    expect((await olga.get('/me')).body.callerId).toMatchObject({
      mayChoose: true,
      choices: [B_NUMBER],
    });
    const pick = await olga.put('/me/caller-id', { number: A_NUMBER });
    expect(pick.status).toBe(400);
    expect(pick.body.fields).toEqual([
      { path: 'number', message: `${A_NUMBER} is not one of the numbers you may choose` },
    ]);
    expect((await olga.get('/me')).body.callerId.chosen).toBeNull();
  });
});
