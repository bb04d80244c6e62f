import { z } from 'zod';
import { timestampSchema } from './common';

/** One quota: a whole number, or null for no limit. */
const quotaSchema = z
  .number({ error: 'a quota is a number, or null for no limit' })
  .int('a quota is a whole number')
  .min(0, 'a quota is 0 or more')
  .max(10_000_000)
  .nullable();

/** What the operator limits per company (null: no limit). */
export const quotasSchema = z.object({
  maxEmployees: quotaSchema,
  /** Devices registered at once across the company's SIP numbers. */
  maxDevices: quotaSchema,
  /** Calls in progress at once across the company. */
  maxConcurrentCalls: quotaSchema,
  /** HTTP API requests per minute by the company's admins and employees. */
  maxApiRequestsPerMinute: quotaSchema,
});
export type Quotas = z.infer<typeof quotasSchema>;

export const operatorCompanySchema = z.object({
  id: z.number(),
  name: z.string(),
  status: z.enum(['active', 'suspended', 'removed']),
  quotas: quotasSchema,
  createdAt: timestampSchema,
  removedAt: timestampSchema.nullable(),
  /** When a removed company's call records are deleted for good. */
  purgedAfter: timestampSchema.nullable(),
  usage: z.object({ employees: z.number(), devices: z.number() }),
});
export type OperatorCompany = z.infer<typeof operatorCompanySchema>;

export const companyListQuerySchema = z.object({
  includeRemoved: z
    .enum(['true', 'false'], { error: 'includeRemoved is true or false' })
    .optional(),
});

const companyNameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(200, 'name must be at most 200 characters');

export const newCompanySchema = z.object({
  name: companyNameSchema,
  /** The first admin's e-mail; their password is in the answer, once. */
  adminEmail: z.string({ error: 'adminEmail is required' }).trim().min(1).max(254),
  quotas: quotasSchema.partial().optional(),
});

export const createdCompanySchema = z.object({
  companyId: z.number(),
  adminEmail: z.string(),
  /** Shown once: only its hash is stored. */
  password: z.string(),
  company: operatorCompanySchema,
});

export const companyPatchSchema = z.object({
  name: companyNameSchema.optional(),
  quotas: quotasSchema.partial().optional(),
});
