import { afterEach, describe, expect, it } from 'vitest';
import { loadNumberingTable } from '../../../pbx/numbering';
import { ApiClient, signedInAdmin, signedInEmployee } from '../../support/api';
import { closeEventSockets, EventSocket } from '../../support/events-socket';
import { startTestPbx, type TestPbx } from '../../support/pbx';

const SPB = 'Санкт-Петербург';
const SPB_NUMBER = '+78121234567';
const MSK_NUMBER = '+74951234567';

let pbx: TestPbx;
let admin: ApiClient;

afterEach(async () => {
  closeEventSockets();
  await pbx?.stop();
});

/** A PBX with an admin, Anna, and two company numbers. */
async function start() {
  pbx = await startTestPbx();
  admin = await signedInAdmin(pbx);
  const anna = await pbx.addEmployee('Anna Ivanova', 'anna-password-1');
  for (const number of [SPB_NUMBER, MSK_NUMBER]) {
    expect((await admin.post('/admin/company-numbers', { number })).status).toBe(201);
  }
  return { anna, path: `/admin/employees/${anna.id}/region-rules` };
}

const auditActions = async () =>
  (await admin.get('/admin/audit')).body.items.map((e: { action: string }) => e.action);

describe('admin: region restrictions of a SIP number', () => {
  it('adds a rule, lists it, deletes it; each change audited and announced', async () => {
    const { anna, path } = await start();
    const events = await EventSocket.signedIn(admin);
    const annasEvents = await EventSocket.signedIn(
      await signedInEmployee(pbx, anna.sipNumber, anna.password),
    );
    expect((await admin.get(path)).body).toEqual([]);

    const created = await admin.post(path, {
      region: '  санкт-петербург ',
      numbers: [SPB_NUMBER, SPB_NUMBER],
      effect: 'allow',
    });
    expect(created.status).toBe(201);
    const rule = {
      id: expect.any(Number) as unknown,
      region: SPB, // the table's spelling
      numbers: [SPB_NUMBER], // named twice, kept once
      codes: [],
      numberRegions: [],
      effect: 'allow',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    };
    expect(created.body).toEqual(rule);
    const denied = await admin.post(path, {
      region: 'Москва',
      numbers: [SPB_NUMBER, MSK_NUMBER],
      effect: 'deny',
    });
    expect(denied.status).toBe(201);
    expect((await admin.get(path)).body).toEqual([
      created.body,
      {
        ...rule,
        id: denied.body.id,
        region: 'Москва',
        numbers: [SPB_NUMBER, MSK_NUMBER],
        effect: 'deny',
      },
    ]);
    // What the PBX's caller-ID decision reads.
    expect(await pbx.company.regionRules.listBySipNumber(anna.sipNumber)).toMatchObject([
      { id: created.body.id, companyId: pbx.companyId, region: SPB, effect: 'allow' },
      { id: denied.body.id, region: 'Москва', numbers: [SPB_NUMBER, MSK_NUMBER], effect: 'deny' },
    ]);
    const changed = { type: 'sip-number-changed', employeeId: anna.id, sipNumber: anna.sipNumber };
    expect(await events.next()).toEqual(changed);
    expect(await events.next()).toEqual(changed);
    expect(await annasEvents.next()).toEqual(changed);

    expect((await admin.delete(`${path}/${created.body.id}`)).status).toBe(204);
    expect(await events.next()).toEqual(changed);
    expect((await admin.get(path)).body.map((r: { id: number }) => r.id)).toEqual([denied.body.id]);
    const again = await admin.delete(`${path}/${created.body.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      error: 'not-found',
      message: `region rule ${created.body.id} not found`,
    });

    const audit = (await admin.get('/admin/audit')).body.items;
    expect(audit.slice(0, 3)).toEqual([
      expect.objectContaining({
        actor: 'admin@example.com',
        action: 'region-rule.delete',
        target: `employee ${anna.id} (${anna.sipNumber})`,
        before: created.body,
        after: null,
      }),
      expect.objectContaining({ action: 'region-rule.create', after: denied.body }),
      expect.objectContaining({
        actor: 'admin@example.com',
        action: 'region-rule.create',
        target: `employee ${anna.id} (${anna.sipNumber})`,
        before: null,
        after: created.body,
      }),
    ]);
  });

  it('refuses a region not in the table and numbers not the company’s: 400 naming the field', async () => {
    const { path } = await start();
    const otherCompany = (await pbx.store.companies.create({ name: 'Other' })).id;
    const otherAdmin = await signedInAdmin(pbx, 'b@other.example', otherCompany);
    const theirs = '+74959876543';
    expect((await otherAdmin.post('/admin/company-numbers', { number: theirs })).status).toBe(201);
    const valid = { region: SPB, numbers: [SPB_NUMBER], effect: 'allow' };
    const cases: [object, string, unknown][] = [
      [{ region: 'Atlantis' }, 'region', 'there is no region named "Atlantis"'],
      [{ region: 'Petersburg' }, 'region', 'there is no region named "Petersburg"'],
      [{ region: '   ' }, 'region', 'region is required'],
      [{ region: undefined }, 'region', 'region is required'],
      [{ numbers: [] }, 'numbers', 'name at least one company number, area code or region'],
      [{ codes: ['81'] }, 'codes.0', 'an area code is three digits, like 812'],
      [{ numberRegions: ['Narnia'] }, 'numberRegions', 'there is no region named "Narnia"'],
      [{ numbers: SPB_NUMBER }, 'numbers', 'must be a list of phone numbers'],
      [
        { numbers: [SPB_NUMBER, '8 812 123'] },
        'numbers.1',
        expect.stringContaining('international format'),
      ],
      [{ numbers: [theirs] }, 'numbers', `${theirs} is not one of the company's numbers`],
      [
        { numbers: [SPB_NUMBER, '+74950000000', theirs] },
        'numbers',
        `+74950000000, ${theirs} are not one of the company's numbers`,
      ],
      [{ effect: 'permit' }, 'effect', 'must be allow or deny'],
      [{ effect: undefined }, 'effect', 'must be allow or deny'],
    ];
    for (const [patch, field, message] of cases) {
      const label = JSON.stringify(patch);
      const refused = await admin.post(path, { ...valid, ...patch });
      expect(refused.status, label).toBe(400);
      expect(refused.body.error, label).toBe('bad-request');
      expect(refused.body.fields, label).toEqual([{ path: field, message }]);
    }
    expect((await admin.get(path)).body).toEqual([]);
    expect(await auditActions()).not.toContain('region-rule.create');
  });

  it('is for admins: an employee gets 403, no token 401', async () => {
    const { anna, path } = await start();
    const employee = await signedInEmployee(pbx, anna.sipNumber, anna.password);
    const body = { region: SPB, numbers: [SPB_NUMBER], effect: 'allow' };
    expect((await employee.get(path)).status).toBe(403);
    expect((await employee.post(path, body)).status).toBe(403);
    employee.token = undefined;
    expect((await employee.post(path, body)).status).toBe(401);
    expect(await pbx.company.regionRules.listBySipNumber(anna.sipNumber)).toEqual([]);
  });

  it("does not reach another employee's rule through this employee's path", async () => {
    const { anna, path } = await start();
    const boris = await pbx.addEmployee('Boris Petrov');
    const rule = await admin.post(path, { region: SPB, numbers: [SPB_NUMBER], effect: 'deny' });
    const wrong = await admin.delete(`/admin/employees/${boris.id}/region-rules/${rule.body.id}`);
    expect(wrong.status).toBe(404);
    expect(wrong.body.message).toBe(`region rule ${rule.body.id} not found`);
    expect((await admin.get(`/admin/employees/${boris.id}/region-rules`)).body).toEqual([]);
    expect(await pbx.company.regionRules.listBySipNumber(anna.sipNumber)).toHaveLength(1);
  });

  it("go with the employee: deleting Anna deletes her number's rules", async () => {
    const { anna, path } = await start();
    const rule = await admin.post(path, { region: SPB, numbers: [SPB_NUMBER], effect: 'allow' });
    expect((await admin.delete(`/admin/employees/${anna.id}`)).status).toBe(204);
    expect(await pbx.company.regionRules.get(rule.body.id)).toBeUndefined();
    expect((await admin.get(path)).status).toBe(404);
  });
});

describe('GET /regions', () => {
  it('lists the numbering table’s regions to an admin and to an employee, searched', async () => {
    const { anna } = await start();
    const employee = await signedInEmployee(pbx, anna.sipNumber, anna.password);
    const all = await admin.get('/regions');
    expect(all.status).toBe(200);
    expect(all.body.map((r: { name: string }) => r.name)).toEqual(
      loadNumberingTable().allRegions(),
    );
    expect(all.body).toContainEqual({ name: SPB, en: 'Saint Petersburg' });
    expect((await employee.get('/regions')).body).toEqual(all.body);
    for (const search of ['петер', 'ПЕТЕР', '  Санкт-Петербург ', 'peters', 'SAINT PETERSBURG']) {
      const found = await employee.get(`/regions?search=${encodeURIComponent(search)}`);
      expect(found.body, search).toEqual([{ name: SPB, en: 'Saint Petersburg' }]);
    }
    const moscow = await admin.get(`/regions?search=${encodeURIComponent('москов')}`);
    expect(moscow.body).toEqual([{ name: 'Московская область', en: 'Moscow Oblast' }]);
    expect((await admin.get('/regions?search=Atlantis')).body).toEqual([]);
  });

  it('needs a session, and refuses an over-long search naming it', async () => {
    await start();
    const anonymous = await new ApiClient(pbx).get('/regions');
    expect(anonymous.status).toBe(401);
    const long = await admin.get(`/regions?search=${'я'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.body.fields).toEqual([
      { path: 'search', message: 'search must be at most 200 characters' },
    ]);
  });
});

describe('company numbers name a region of the table', () => {
  it('stores the table’s spelling, in Russian or English, and refuses a name it does not have', async () => {
    await start();
    const made = await admin.post('/admin/company-numbers', {
      number: '+74957654321',
      region: 'САНКТ-ПЕТЕРБУРГ',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      region: SPB,
      regionFromNumber: 'Москва',
      regionOverridden: true,
    });
    const english = await admin.patch(`/admin/company-numbers/${made.body.id}`, {
      region: 'Leningrad Oblast',
    });
    expect(english.body.region).toBe('Ленинградская область');
    for (const send of [
      () => admin.post('/admin/company-numbers', { number: '+78120000000', region: 'Petersburg' }),
      () => admin.patch(`/admin/company-numbers/${made.body.id}`, { region: 'Petersburg' }),
    ]) {
      const refused = await send();
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toEqual([
        { path: 'region', message: 'there is no region named "Petersburg"' },
      ]);
    }
    // No override: the number's own region again
    const cleared = await admin.patch(`/admin/company-numbers/${made.body.id}`, { region: null });
    expect(cleared.body).toMatchObject({ region: 'Москва', regionOverridden: false });
    expect(
      (await admin.get('/admin/company-numbers')).body.find(
        (n: { id: number }) => n.id === made.body.id,
      ),
    ).toMatchObject({ region: 'Москва', regionFromNumber: 'Москва', regionOverridden: false });
    const bad = await admin.patch(`/admin/company-numbers/${made.body.id}`, { region: 812 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path)).toEqual(['region']);
    expect(await pbx.company.companyNumbers.getByNumber('+78120000000')).toBeUndefined();
  });
});
