import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { z } from 'zod';
import { DEVICE_KINDS } from '../devices';

/** Every API error has this shape; `fields` names each bad field of a `400` by its path. */
export const apiErrorSchema = z.object({
  error: z.enum([
    'bad-request',
    'unauthorized',
    'forbidden',
    'not-found',
    'conflict',
    'too-many-attempts',
    'internal',
    // 503 with Retry-After: the PBX cannot take the request now (too many sign-ins waiting;
    // the database cannot write, X-Pbx-Reason storage-unavailable).
    'unavailable',
    // A company's operator rules: suspended (admins read-only), a quota reached. The
    // response's X-Pbx-Reason header names which (shared/refusals.ts).
    'company-suspended',
    'quota-exceeded',
  ]),
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
export type ApiErrorCode = ApiError['error'];

/** Timestamps travel as ISO 8601 strings with an offset. */
export const timestampSchema = z.iso.datetime({ offset: true });

/**
 * Every id in an API path (issue 20): a positive whole number in its one decimal spelling, so
 * `" 1"`, `0x10`, `1e2`, `+1`, `-1`, `0` and `01` are all refused (400 naming the parameter)
 * rather than read as some other record's id. At most 15 digits: always a safe integer.
 */
export const pathIdSchema = z
  .string({ error: 'is required' })
  .regex(
    /^[1-9][0-9]{0,14}$/,
    'must be a positive whole number written in digits only (no spaces, sign, leading zero or exponent)',
  )
  .transform(Number);
export const idParamsSchema = z.object({ id: pathIdSchema });

export const sipNumberSchema = z
  .string({ error: 'SIP number is required' })
  .regex(/^0\d{6}$/, 'a SIP number is seven digits starting with 0');

/** A phone number in E.164 (`+78121234567`) that libphonenumber-js accepts as possible. */
export const e164Schema = z
  .string({ error: 'phone number is required' })
  .trim()
  .refine(
    (value) =>
      /^\+\d{8,15}$/.test(value) && parsePhoneNumberFromString(value)?.isPossible() === true,
    'must be a phone number in international format, like +78121234567',
  );

/** A list's search text: a case-insensitive part of a name, e-mail or SIP number. */
export const searchQuerySchema = z.object({
  search: z.string().trim().max(200, 'search must be at most 200 characters').optional(),
});

export const pageQuerySchema = z.object({
  offset: z.coerce.number().int().min(0, 'must be 0 or more').default(0),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'must be 1 or more')
    .max(200, 'must be 200 or less')
    .default(50),
});

export const deviceKindSchema = z.enum(DEVICE_KINDS);

/** One device registered on a SIP number right now. */
export const deviceSchema = z.object({
  /** Opaque; names the binding for "drop". */
  id: z.string(),
  kind: deviceKindSchema,
  userAgent: z.string().nullable(),
  transport: z.enum(['udp', 'tcp', 'tls', 'ws', 'wss']),
  /** `address:port` the device registered from. */
  address: z.string(),
  since: timestampSchema,
  expiresAt: timestampSchema,
});
export type Device = z.infer<typeof deviceSchema>;
export const deviceParamsSchema = z.object({
  id: pathIdSchema,
  deviceId: z.string().min(1).max(512),
});
