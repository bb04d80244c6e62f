/**
 * Issue 20 item 8: authentication before validation on every authenticated route, strict path
 * ids, and no caching of what carries a token or a password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, signedInAdmin, signedInOperator, type ApiClient } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';

let pbx: TestPbx;
let admin: ApiClient;
beforeAll(async () => {
  pbx = await startTestPbx();
  admin = await signedInAdmin(pbx);
});
afterAll(async () => {
  await pbx?.stop();
});

interface Operation {
  security?: unknown[];
}

describe('an authenticated route', () => {
  it('answers an anonymous request with a bad body, query or id 401, naming no field', async () => {
    const doc = (await callApi(pbx, 'GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const guarded = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.security)
        .map(([method]) => ({ method: method.toUpperCase(), path })),
    );
    expect(guarded.length).toBeGreaterThan(30);
    for (const { method, path } of guarded) {
      // Every path parameter spelled wrongly, a query that fails, a body of the wrong shape.
      const url = `${path.replace(/\{[^}]+\}/g, '0x10')}?limit=-5&offset=x`;
      const withBody = method === 'GET' || method === 'DELETE' ? {} : { rawBody: '{"name":7}' };
      for (const token of [undefined, 'forged-token']) {
        const answer = await callApi(pbx, method, url, { token, ...withBody });
        expect(answer.status, `${method} ${path}`).toBe(401);
        expect(answer.body.fields, `${method} ${path}`).toBeUndefined();
        expect(answer.body.error).toBe('unauthorized');
      }
    }
  });

  it('answers an anonymous request with unparsable JSON 401 too', async () => {
    const answer = await callApi(pbx, 'POST', '/api/v1/admin/employees', { rawBody: '{"na' });
    expect(answer.status).toBe(401);
  });

  it('still validates the body of a signed-in request', async () => {
    const answer = await admin.post('/admin/employees', { name: 7 });
    expect(answer.status).toBe(400);
    expect(answer.body.fields[0].path).toBe('name');
  });
});

describe('path ids', () => {
  const refusal =
    'must be a positive whole number written in digits only (no spaces, sign, leading zero or exponent)';

  it('are one decimal spelling only: anything else is 400 naming the parameter', async () => {
    const { employee } = (await admin.post('/admin/employees', { name: 'Anna' })).body;
    expect(employee.id).toBe(1);
    for (const id of [
      '%201',
      '1%20',
      '0x10',
      '1e2',
      '-1',
      '%2B1',
      '01',
      '0',
      '1.0',
      'x',
      '9'.repeat(16),
    ]) {
      const answer = await admin.delete(`/admin/employees/${id}`);
      expect(answer.status, id).toBe(400);
      expect(answer.body.fields, id).toEqual([{ path: 'id', message: refusal }]);
    }
    // ...each parameter of a nested path by its own name.
    const nested = await admin.delete('/admin/employees/1/absences/0x1');
    expect(nested.body.fields).toEqual([{ path: 'absenceId', message: refusal }]);
    // None of those deleted employee 1.
    expect((await admin.get('/admin/employees/1')).status).toBe(200);
    expect((await admin.delete('/admin/employees/1')).status).toBe(204);
  });

  it('are strict on the operator API as well', async () => {
    const operator = await signedInOperator(pbx);
    const answer = await operator.get(`/operator/companies/%20${pbx.companyId}`);
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([{ path: 'id', message: refusal }]);
  });
});

describe('answers carrying a token or a password', () => {
  it('are Cache-Control: no-store', async () => {
    const session = await callApi(pbx, 'POST', '/api/v1/auth/admin', {
      body: { email: 'admin@example.com', password: 'correct horse battery staple' },
    });
    expect(session.body.token).toBeTruthy();
    expect(session.headers.get('cache-control')).toBe('no-store');
    const created = await admin.post('/admin/employees', { name: 'Boris' });
    expect(created.body.password).toBeTruthy();
    expect(created.headers.get('cache-control')).toBe('no-store');
    const id = created.body.employee.id as number;
    const reset = await admin.post(`/admin/employees/${id}/password`, {});
    expect(reset.body.password).toBeTruthy();
    expect(reset.headers.get('cache-control')).toBe('no-store');
    const credentials = await admin.get(`/admin/employees/${id}/credentials`);
    expect(credentials.status).toBe(200);
    expect(credentials.headers.get('cache-control')).toBe('no-store');
    const operator = await signedInOperator(pbx, 'provisioning-2');
    const company = await operator.post('/operator/companies', {
      name: 'Acme',
      adminEmail: 'acme@example.com',
    });
    expect(company.body.password).toBeTruthy();
    expect(company.headers.get('cache-control')).toBe('no-store');
  });
});
