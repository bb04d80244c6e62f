import { z } from 'zod';
import { CALLER_ID_MODES } from '../caller-id-modes';
import {
  deviceSchema,
  e164Schema,
  pageQuerySchema,
  pathIdSchema,
  searchQuerySchema,
  sipNumberSchema,
  timestampSchema,
} from './common';

const nameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(200, 'name must be at most 200 characters');
const emailSchema = z
  .email({ error: 'not a valid e-mail address' })
  .max(254, 'e-mail must be at most 254 characters');
/** An empty string clears the e-mail. */
const optionalEmailSchema = z.union([z.literal('').transform(() => null), emailSchema]).nullable();

export const callerIdModeSchema = z.enum(CALLER_ID_MODES);

// ---- employees ----

export const employeeListQuerySchema = searchQuerySchema.extend(pageQuerySchema.shape);
export type EmployeeListQuery = z.input<typeof employeeListQuerySchema>;

export const employeeSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  sipNumber: sipNumberSchema.nullable(),
  enabled: z.boolean().nullable(),
  /** Devices registered right now. */
  devices: z.number(),
});
export type EmployeeSummary = z.infer<typeof employeeSummarySchema>;

export const employeeListSchema = z.object({
  items: z.array(employeeSummarySchema),
  total: z.number(),
});
export type EmployeeList = z.infer<typeof employeeListSchema>;

export const newEmployeeSchema = z.object({
  name: nameSchema,
  email: optionalEmailSchema.optional(),
  /** E-mail the first credentials to the employee in the same step (needs `email`). */
  sendEmail: z.boolean({ error: 'must be true or false' }).default(false),
});
export type NewEmployee = z.input<typeof newEmployeeSchema>;

export const employeePatchSchema = z
  .object({ name: nameSchema.optional(), email: optionalEmailSchema.optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');
export type EmployeePatch = z.input<typeof employeePatchSchema>;

/** A SIP number's settings as an admin sees them (SPEC §2). */
export const sipNumberViewSchema = z.object({
  number: sipNumberSchema,
  enabled: z.boolean(),
  multiTerminal: z.boolean(),
  /** Multi-terminal off: a new device takes the place and the old one is dropped (SPEC §3). */
  newestDeviceWins: z.boolean(),
  channels: z.number().int().min(1).max(10),
  callerIdMode: callerIdModeSchema,
  fixedCallerId: z.string().nullable(),
  employeeMayChooseCallerId: z.boolean(),
  /** Calls to international numbers; refused unless allowed (SPEC §3, toll fraud). */
  internationalAllowed: z.boolean(),
  /** Calls to premium-rate (809) numbers; refused unless allowed. */
  premiumAllowed: z.boolean(),
  passwordChangedAt: timestampSchema,
});
export type SipNumberView = z.infer<typeof sipNumberViewSchema>;

export const sipNumberPatchSchema = z
  .object({
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    multiTerminal: z.boolean({ error: 'must be true or false' }).optional(),
    newestDeviceWins: z.boolean({ error: 'must be true or false' }).optional(),
    channels: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(10, 'must be at most 10')
      .optional(),
    callerIdMode: callerIdModeSchema.optional(),
    fixedCallerId: e164Schema.nullable().optional(),
    employeeMayChooseCallerId: z.boolean({ error: 'must be true or false' }).optional(),
    internationalAllowed: z.boolean({ error: 'must be true or false' }).optional(),
    premiumAllowed: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');
export type SipNumberPatch = z.input<typeof sipNumberPatchSchema>;

export const employeeDetailSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  createdAt: timestampSchema,
  sipNumber: sipNumberViewSchema.nullable(),
});
export type EmployeeDetail = z.infer<typeof employeeDetailSchema>;

export const mailDeliverySchema = z.object({
  to: z.string(),
  /** `smtp` when sent, `file` when written to the outbox because no SMTP server is configured. */
  via: z.enum(['smtp', 'file']),
});

export const createdEmployeeSchema = z.object({
  employee: employeeDetailSchema,
  /** Shown once: the PBX keeps only its HA1. */
  password: z.string(),
  /** The first credentials' e-mail, when it was asked for and went out (or to the outbox). */
  mail: mailDeliverySchema.nullable().optional(),
  /** Set when the e-mail was asked for but could not be sent; the employee stands. */
  mailError: z.string().optional(),
});
export type CreatedEmployee = z.infer<typeof createdEmployeeSchema>;

// ---- credentials ----

/** What an IP phone needs to register, never the password (SPEC §2 credentials block). */
export const credentialsSchema = z.object({
  employee: z.object({ id: z.number(), name: z.string() }),
  server: z.string(),
  /** The SIP domain (digest realm). */
  domain: z.string(),
  login: sipNumberSchema,
  ports: z.object({
    udp: z.number(),
    tcp: z.number(),
    tls: z.number().nullable(),
    ws: z.number(),
    wss: z.number().nullable(),
  }),
  passwordChangedAt: timestampSchema,
});
export type Credentials = z.infer<typeof credentialsSchema>;

export const passwordResetSchema = z.object({
  /** E-mail the new credentials to the employee in the same step. */
  sendEmail: z.boolean({ error: 'must be true or false' }).default(false),
});
export type PasswordResetRequest = z.input<typeof passwordResetSchema>;

export const passwordResetResultSchema = z.object({
  /** Shown once. */
  password: z.string(),
  mail: mailDeliverySchema.nullable(),
  /** Set when the e-mail was asked for but could not be sent; the new password stands. */
  mailError: z.string().optional(),
});
export type PasswordResetResult = z.infer<typeof passwordResetResultSchema>;

/**
 * What the audit log keeps of a password reset, as `after` (never the password). `emailed` is
 * what was asked for; `mail`, once the mail was tried, how it went: `sent` only when the SMTP
 * server accepted it (pbx/mail `MailOutcome`), `saved-to-outbox` when no server is configured,
 * `failed`. The Admin tab says "e-mailed" for `sent` alone.
 */
export const passwordResetAuditSchema = z.object({
  passwordChangedAt: timestampSchema.nullable().optional(),
  emailed: z.boolean().optional(),
  mail: z.enum(['sent', 'saved-to-outbox', 'failed']).optional(),
});
export type PasswordResetAudit = z.infer<typeof passwordResetAuditSchema>;

// ---- absence periods ----

export const absenceSchema = z.object({
  id: z.number(),
  from: timestampSchema,
  to: timestampSchema,
  reason: z.string(),
  forwardTo: z
    .object({ id: z.number(), name: z.string(), sipNumber: z.string().nullable() })
    .nullable(),
});
export type Absence = z.infer<typeof absenceSchema>;

export const newAbsenceSchema = z
  .object({
    from: timestampSchema,
    to: timestampSchema,
    reason: z.string().trim().max(200, 'reason must be at most 200 characters').default(''),
    forwardToEmployeeId: z.number().int().positive().nullable().optional(),
  })
  .refine((a) => Date.parse(a.to) > Date.parse(a.from), {
    message: 'the end must be after the start',
    path: ['to'],
  });
export type NewAbsence = z.input<typeof newAbsenceSchema>;
export const absenceParamsSchema = z.object({ id: pathIdSchema, absenceId: pathIdSchema });

// ---- company phone numbers ----

export const companyNumberSchema = z.object({
  id: z.number(),
  number: z.string(),
  /** The region in force: the admin's override, else the number's own (SPEC §3). */
  region: z.string().nullable(),
  /** The region the number has by its code or range; null for none. */
  regionFromNumber: z.string().nullable(),
  /** Whether `region` is an admin's override rather than the number's own. */
  regionOverridden: z.boolean(),
  enabled: z.boolean(),
  isDefault: z.boolean(),
  /** The employee an inbound call to this number goes to. */
  inboundEmployee: z.object({ id: z.number(), name: z.string() }).nullable(),
});
export type CompanyNumber = z.infer<typeof companyNumberSchema>;

export const newCompanyNumberSchema = z.object({
  number: e164Schema,
  /** An admin's override; none: the region comes from the number. */
  region: z.string().trim().max(200, 'region must be at most 200 characters').nullable().optional(),
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
  isDefault: z.boolean({ error: 'must be true or false' }).default(false),
  inboundEmployeeId: z.number().int().positive().nullable().optional(),
});
export type NewCompanyNumber = z.input<typeof newCompanyNumberSchema>;

export const companyNumberPatchSchema = z
  .object({
    region: z
      .string()
      .trim()
      .max(200, 'region must be at most 200 characters')
      .nullable()
      .optional(),
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    isDefault: z.boolean({ error: 'must be true or false' }).optional(),
    inboundEmployeeId: z.number().int().positive().nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');
export type CompanyNumberPatch = z.input<typeof companyNumberPatchSchema>;

// ---- devices, audit, company ----

export const deviceListSchema = z.array(deviceSchema);

export const auditEntrySchema = z.object({
  id: z.number(),
  at: timestampSchema,
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditListSchema = z.object({ items: z.array(auditEntrySchema), total: z.number() });
export type AuditList = z.infer<typeof auditListSchema>;

/** Return calls (SPEC §3): how long a client returns to the same employee, and who is left. */
export const returnCallsSchema = z.object({
  days: z.number().int().min(1).max(365),
  fallbackEmployeeId: z.number().int().positive().nullable(),
});
export type ReturnCalls = z.infer<typeof returnCallsSchema>;

/** What an admin may change of the company itself. */
export const adminCompanyPatchSchema = z
  .object({
    returnCalls: returnCallsSchema.partial().optional(),
    /** The language refused callers hear announcements in (docs: Announcements). */
    announcementLanguage: z.enum(['ru', 'en']).optional(),
  })
  .strict();
export type AdminCompanyPatch = z.infer<typeof adminCompanyPatchSchema>;

export const companyInfoSchema = z.object({
  id: z.number(),
  name: z.string(),
  returnCalls: returnCallsSchema,
  /** The language refused callers hear announcements in. */
  announcementLanguage: z.enum(['ru', 'en']),
  /** False: credentials e-mails are written to the PBX's outbox folder instead of sent. */
  mailConfigured: z.boolean(),
  /** True while the operator has the company suspended: its admins may read, not change. */
  suspended: z.boolean().optional(),
});
export type CompanyInfo = z.infer<typeof companyInfoSchema>;

/** Which recording: a sentence in a language (`/admin/announcements/{language}/{sentence}`). */
export const announcementSlotSchema = z.object({
  language: z.enum(['ru', 'en'], { error: 'must be ru or en' }),
  sentence: z.enum(['absent', 'absent-until', 'disabled', 'busy', 'no-answer'], {
    error: 'must be one of absent, absent-until, disabled, busy, no-answer',
  }),
});

export type AnnouncementSlotKey = z.infer<typeof announcementSlotSchema>;

/** The recordings refused callers hear (GET /admin/announcements). */
export const announcementListSchema = z.object({
  /** Whether callers hear them: only with the media bridge (rtpengine). */
  playable: z.boolean(),
  slots: z.array(
    announcementSlotSchema.extend({
      custom: z.boolean(),
      durationMs: z.number().int(),
    }),
  ),
});
export type AnnouncementList = z.infer<typeof announcementListSchema>;
export type AnnouncementSlot = AnnouncementList['slots'][number];

/** Whether the PBX can save changes now (issue 20: disk full), for the Admin tab's banner. */
export const storageStatusSchema = z.object({
  /** null: changes are saved; otherwise why they cannot be. */
  problem: z.enum(['disk-full', 'unavailable']).nullable(),
  /** When the problem began (epoch ms). */
  since: z.number().nullable(),
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;
