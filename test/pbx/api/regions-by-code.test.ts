import { afterEach, describe, expect, it } from 'vitest';
import { signedInAdmin, type ApiClient } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';

// Issue 22 items 2 and 3 against a real PBX and its shipped numbering table.
const SPB = 'Санкт-Петербург';
const MSK_DEFAULT = '+74952300000';
const NSK = '+73832100000';
const SPB_LATER = '+78123090000';

let pbx: TestPbx;
let admin: ApiClient;
afterEach(async () => {
  await pbx?.stop();
});

async function start() {
  pbx = await startTestPbx();
  admin = await signedInAdmin(pbx);
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  for (const [number, isDefault] of [
    [MSK_DEFAULT, true],
    [NSK, false],
  ] as const) {
    expect((await admin.post('/admin/company-numbers', { number, isDefault })).status).toBe(201);
  }
  return { anna, boris };
}

const check = async (employeeId: number, client: string) => {
  const answer = await admin.post(`/admin/employees/${employeeId}/caller-id-check`, { client });
  expect(answer.status).toBe(200);
  return answer.body;
};
const mode = (employeeId: number, callerIdMode: string) =>
  admin.patch(`/admin/employees/${employeeId}/sip-number`, { callerIdMode });

describe('regions by code', () => {
  it('a geographic number outside any allocated range has its code’s region', async () => {
    const { anna } = await start();
    // 812 123-45-67 is in no range of the registry
    const answer = await check(anna.id, '8 812 123-45-67');
    expect(answer.client).toEqual({ number: '+78121234567', regions: [SPB] });
  });

  it('a company number added without a region takes its number’s; an override shows as one', async () => {
    await start();
    const added = await admin.post('/admin/company-numbers', { number: SPB_LATER });
    expect(added.body).toMatchObject({
      region: SPB,
      regionFromNumber: SPB,
      regionOverridden: false,
    });
    const mobile = await admin.post('/admin/company-numbers', {
      number: '+79111234567',
      region: 'Leningrad Oblast',
    });
    expect(mobile.body).toMatchObject({
      region: 'Ленинградская область',
      regionFromNumber: SPB,
      regionOverridden: true,
    });
  });

  it('the regional modes find a derived regional number for an out-of-range client', async () => {
    const { anna } = await start();
    await admin.post('/admin/company-numbers', { number: SPB_LATER });
    await mode(anna.id, 'familiar-or-regional');
    expect(await check(anna.id, '+7 812 123-45-67')).toMatchObject({
      number: SPB_LATER,
      reason: { kind: 'regional', region: SPB },
    });
  });
});

describe('region rules by code and for the whole company', () => {
  it('a rule by code covers a number connected after it', async () => {
    const { anna } = await start();
    const rule = await admin.post(`/admin/employees/${anna.id}/region-rules`, {
      region: 'Saint Petersburg',
      codes: ['812'],
      effect: 'allow',
    });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ region: SPB, numbers: [], codes: ['812'] });
    // No 812 number yet: the rule leaves nothing for Saint Petersburg
    expect(await check(anna.id, '+78121234567')).toMatchObject({
      number: null,
      refusal: { kind: 'rules-leave-none', regions: [SPB] },
    });
    await admin.post('/admin/company-numbers', { number: SPB_LATER });
    expect(await check(anna.id, '+78121234567')).toMatchObject({
      number: SPB_LATER,
      reason: { kind: 'regional-fallback', region: SPB },
    });
  });

  it('company-wide rules apply to every SIP number; a number’s own rules for a region refine them', async () => {
    const { anna, boris } = await start();
    await admin.post('/admin/company-numbers', { number: SPB_LATER });
    const companyRule = await admin.post('/admin/region-rules', {
      region: SPB,
      numberRegions: ['Saint Petersburg'],
      effect: 'allow',
    });
    expect(companyRule.status).toBe(201);
    expect((await admin.get('/admin/region-rules')).body).toEqual([companyRule.body]);
    for (const who of [anna, boris]) {
      expect((await check(who.id, '+78121234567')).number, who.sipNumber).toBe(SPB_LATER);
    }
    await admin.post(`/admin/employees/${boris.id}/region-rules`, {
      region: SPB,
      numbers: [NSK],
      effect: 'allow',
    });
    expect((await check(anna.id, '+78121234567')).number).toBe(SPB_LATER);
    expect((await check(boris.id, '+78121234567')).number).toBe(NSK);
    // Other regions keep the company's (none here): Moscow sees the default number
    expect((await check(boris.id, '+74951234567')).number).toBe(MSK_DEFAULT);
    expect((await admin.delete(`/admin/region-rules/${companyRule.body.id}`)).status).toBe(204);
    expect((await check(anna.id, '+78121234567')).number).toBe(MSK_DEFAULT);
    expect((await admin.delete(`/admin/region-rules/${companyRule.body.id}`)).status).toBe(404);
  });

  it('with the default number barred: a permitted number in the client’s region, else one at random', async () => {
    const { anna } = await start();
    await admin.post('/admin/company-numbers', { number: SPB_LATER });
    for (const region of [SPB, 'Republic of Tatarstan']) {
      const rule = { region, numbers: [MSK_DEFAULT], effect: 'deny' };
      expect((await admin.post('/admin/region-rules', rule)).status).toBe(201);
    }
    const spb = await check(anna.id, '+78121234567');
    expect(spb).toMatchObject({ number: SPB_LATER, reason: { kind: 'regional-fallback' } });
    expect(spb.explanation).toBe(
      `a permitted number in ${SPB}: the default number ${MSK_DEFAULT} is not permitted for ${SPB}`,
    );
    const kazan = await check(anna.id, '+78432000000');
    expect(kazan).toMatchObject({ reason: { kind: 'random-fallback', of: 2 } });
    expect([NSK, SPB_LATER]).toContain(kazan.number);
    expect(kazan.explanation).toMatch(/^random: one of 2 permitted numbers, since /);
  });
});
