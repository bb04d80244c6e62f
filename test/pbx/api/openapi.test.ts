import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  newAbsenceSchema,
  newCompanyNumberSchema,
  newRegionRuleSchema,
  passwordResetSchema,
  sipNumberPatchSchema,
} from '../../../shared/api';
import { callApi, signedInAdmin } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';

/** The route table of docs/architecture.md, "HTTP API", in OpenAPI's path syntax. */
const ROUTE_TABLE = [
  'POST /api/v1/auth/admin',
  'POST /api/v1/auth/employee',
  'GET /api/v1/auth/admin/recovery',
  'POST /api/v1/auth/admin/forgot',
  'POST /api/v1/auth/admin/reset',
  'GET /api/v1/auth/session',
  'DELETE /api/v1/auth/session',
  'GET /api/v1/admin/announcements',
  'PUT /api/v1/admin/announcements/{language}/{sentence}',
  'DELETE /api/v1/admin/announcements/{language}/{sentence}',
  'GET /api/v1/admin/company',
  'PATCH /api/v1/admin/company',
  'GET /api/v1/admin/storage',
  'GET /api/v1/admin/employees',
  'POST /api/v1/admin/employees',
  'GET /api/v1/admin/employees/{id}',
  'PATCH /api/v1/admin/employees/{id}',
  'DELETE /api/v1/admin/employees/{id}',
  'PATCH /api/v1/admin/employees/{id}/sip-number',
  'GET /api/v1/admin/employees/{id}/credentials',
  'POST /api/v1/admin/employees/{id}/password',
  'GET /api/v1/admin/employees/{id}/devices',
  'DELETE /api/v1/admin/employees/{id}/devices/{deviceId}',
  'GET /api/v1/admin/employees/{id}/absences',
  'POST /api/v1/admin/employees/{id}/absences',
  'DELETE /api/v1/admin/employees/{id}/absences/{absenceId}',
  'GET /api/v1/admin/employees/{id}/region-rules',
  'POST /api/v1/admin/employees/{id}/region-rules',
  'DELETE /api/v1/admin/employees/{id}/region-rules/{ruleId}',
  'GET /api/v1/admin/region-rules',
  'POST /api/v1/admin/region-rules',
  'DELETE /api/v1/admin/region-rules/{ruleId}',
  'POST /api/v1/admin/employees/{id}/caller-id-check',
  'GET /api/v1/admin/company-numbers',
  'POST /api/v1/admin/company-numbers',
  'PATCH /api/v1/admin/company-numbers/{id}',
  'DELETE /api/v1/admin/company-numbers/{id}',
  'GET /api/v1/admin/audit',
  'GET /api/v1/me',
  'PUT /api/v1/me/caller-id',
  'GET /api/v1/me/devices',
  'DELETE /api/v1/me/devices/{deviceId}',
  'POST /api/v1/me/device-credential',
  'POST /api/v1/auth/device',
  'POST /api/v1/auth/device/revoke',
  'GET /api/v1/me/colleagues',
  'PUT /api/v1/me/do-not-disturb',
  'GET /api/v1/me/calls',
  'GET /api/v1/regions',
  'GET /api/v1/operator/companies',
  'POST /api/v1/operator/companies',
  'GET /api/v1/operator/companies/{id}',
  'PATCH /api/v1/operator/companies/{id}',
  'DELETE /api/v1/operator/companies/{id}',
  'POST /api/v1/operator/companies/{id}/suspend',
  'POST /api/v1/operator/companies/{id}/resume',
];
/** The only routes anyone may call without a token. */
const PUBLIC = [
  'POST /api/v1/auth/admin',
  'POST /api/v1/auth/employee',
  // "Forgot password?": the admin has no token, that is the point.
  'GET /api/v1/auth/admin/recovery',
  'POST /api/v1/auth/admin/forgot',
  'POST /api/v1/auth/admin/reset',
  // A device credential is its own proof (issue 23 item 6): it opens a session, or revokes itself.
  'POST /api/v1/auth/device',
  'POST /api/v1/auth/device/revoke',
];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Operation {
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  parameters?: { in: string; name: string; required?: boolean; schema: unknown }[];
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

let pbx: TestPbx;
let doc: OpenApiDocument;
beforeAll(async () => {
  pbx = await startTestPbx();
  const response = await callApi<OpenApiDocument>(pbx, 'GET', '/api/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  doc = response.body;
});
afterAll(async () => {
  await pbx?.stop();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );
const operation = (key: string): Operation => {
  const [method, path] = key.split(' ') as [string, string];
  const found = doc.paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`${key} is not in the document`);
  return found;
};
const bodySchema = (key: string) => operation(key).requestBody?.content['application/json']?.schema;
/** What zod itself makes of a request schema, as JSON Schema for the request side. */
const zodJson = (schema: z.ZodType) => {
  const json: Record<string, unknown> = { ...z.toJSONSchema(schema, { io: 'input' }) };
  delete json.$schema;
  return json;
};

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('has every route of the route table, and no other', () => {
    expect(
      operations()
        .map((o) => o.key)
        .sort(),
    ).toEqual([...ROUTE_TABLE].sort());
  });

  it('leaves out the web softphone, the health check and itself', () => {
    expect(Object.keys(doc.paths)).not.toContain('/');
    expect(Object.keys(doc.paths)).not.toContain('/healthz');
    expect(Object.keys(doc.paths)).not.toContain('/api/openapi.json');
    expect(Object.keys(doc.paths).every((path) => path.startsWith('/api/v1/'))).toBe(true);
  });

  it('declares the bearer scheme and asks for it on every route but sign-in', () => {
    expect(doc.components?.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer' },
    });
    for (const { key, operation: op } of operations()) {
      expect(op.security, key).toEqual(PUBLIC.includes(key) ? undefined : [{ bearer: [] }]);
    }
  });

  it('describes request bodies exactly as the shared zod schemas validate them', () => {
    const channels = (
      bodySchema('PATCH /api/v1/admin/employees/{id}/sip-number') as {
        properties: Record<string, unknown>;
      }
    ).properties.channels;
    expect(channels).toEqual({ type: 'integer', minimum: 1, maximum: 10 });
    expect(bodySchema('PATCH /api/v1/admin/employees/{id}/sip-number')).toEqual(
      zodJson(sipNumberPatchSchema),
    );
    expect(bodySchema('POST /api/v1/admin/employees/{id}/absences')).toEqual(
      zodJson(newAbsenceSchema),
    );
    expect(bodySchema('POST /api/v1/admin/company-numbers')).toEqual(
      zodJson(newCompanyNumberSchema),
    );
    expect(bodySchema('POST /api/v1/admin/employees/{id}/password')).toEqual(
      zodJson(passwordResetSchema),
    );
    expect(bodySchema('POST /api/v1/admin/employees/{id}/region-rules')).toEqual(
      zodJson(newRegionRuleSchema),
    );
  });

  it('documents path parameters and the list query', () => {
    const params = operation('DELETE /api/v1/admin/employees/{id}/absences/{absenceId}').parameters;
    expect(params?.filter((p) => p.in === 'path').map((p) => [p.name, p.required])).toEqual([
      ['id', true],
      ['absenceId', true],
    ]);
    const query = operation('GET /api/v1/admin/employees').parameters ?? [];
    expect(query.map((p) => `${p.in}:${p.name}`)).toEqual([
      'query:search',
      'query:offset',
      'query:limit',
    ]);
    expect(query.find((p) => p.name === 'limit')?.schema).toMatchObject({
      minimum: 1,
      maximum: 200,
    });
  });

  it('documents the error answers with their shape on every route', () => {
    for (const { key, operation: op } of operations()) {
      const responses = (op as unknown as { responses: Record<string, unknown> }).responses;
      expect(Object.keys(responses), key).toEqual(
        expect.arrayContaining(['400', '401', '403', '404', '409', '429']),
      );
      expect(JSON.stringify(responses['404']), key).toContain('too-many-attempts');
    }
  });

  it('takes a password reset without a body, and documents that body as optional', async () => {
    // The route declares its body optional (`passwordResetSchema.optional()`, sendEmail
    // defaults to false), so a reset without a body is a reset without e-mail...
    const admin = await signedInAdmin(pbx, 'openapi@example.com');
    const { employee } = (await admin.post('/admin/employees', { name: 'Anna' })).body;
    const bare = await callApi(pbx, 'POST', `/api/v1/admin/employees/${employee.id}/password`, {
      token: admin.token,
    });
    expect(bare.body).toMatchObject({ mail: null });
    expect(bare.status).toBe(200);
    // ...so the document must not tell clients the body is required.
    expect(operation('POST /api/v1/admin/employees/{id}/password').requestBody?.required).not.toBe(
      true,
    );
  });
});
