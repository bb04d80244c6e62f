import { afterEach, describe, expect, it } from 'vitest';
import { signedInAdmin } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';

let pbx: TestPbx;
afterEach(async () => {
  await pbx?.stop();
});

describe('POST /admin/employees/:id/caller-id-check', () => {
  it('says which number the client would see and why, by the PBX’s own decision', async () => {
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    const anna = await pbx.addEmployee('Anna Ivanova');
    await admin.post('/admin/company-numbers', {
      number: '+78123090000',
      region: 'Санкт-Петербург',
      isDefault: true,
    });
    await admin.post('/admin/company-numbers', { number: '+74952300000', region: 'Москва' });
    await admin.patch(`/admin/employees/${anna.id}/sip-number`, {
      callerIdMode: 'random-regional',
    });
    const moscow = await admin.post(`/admin/employees/${anna.id}/caller-id-check`, {
      client: '8 (495) 123-45-67',
    });
    expect(moscow.status).toBe(200);
    expect(moscow.body).toMatchObject({
      client: { number: '+74951234567', regions: ['Москва'] },
      number: '+74952300000',
      explanation: expect.stringContaining('Москва'),
    });

    await admin.post(`/admin/employees/${anna.id}/region-rules`, {
      region: 'Москва',
      numbers: ['+78123090000', '+74952300000'],
      effect: 'deny',
    });
    const refused = await admin.post(`/admin/employees/${anna.id}/caller-id-check`, {
      client: '+74951234567',
    });
    expect(refused.body).toMatchObject({ number: null, explanation: expect.any(String) });

    const internal = await admin.post(`/admin/employees/${anna.id}/caller-id-check`, {
      client: anna.sipNumber,
    });
    expect(internal.status).toBe(400);
    expect(internal.body.fields[0].path).toBe('client');
  });
});
