import { z } from 'zod';

/** "Which number will the client see?": the Admin tab's check of one employee and client. */
export const callerIdCheckSchema = z.object({
  /** The client's number as a person types it (`8 812 123-45-67`, `+7…`). */
  client: z
    .string({ error: 'client number is required' })
    .trim()
    .min(1, 'client number is required')
    .max(40),
});
export type CallerIdCheck = z.input<typeof callerIdCheckSchema>;

const regions = z.array(z.string());

/** One reason a number was passed over (shared/caller-id CallerIdWhy). */
export const callerIdWhySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('no-familiar') }),
  z.object({ kind: z.literal('no-fixed') }),
  z.object({ kind: z.literal('no-default') }),
  z.object({
    kind: z.literal('not-permitted'),
    role: z.enum(['choice', 'fixed', 'default', 'familiar']),
    number: z.string(),
    cause: z.enum(['not-company', 'disabled', 'region']),
    regions,
  }),
  z.object({
    kind: z.literal('no-regional'),
    cause: z.enum(['client-no-region', 'none-in-region', 'none-enabled', 'none-permitted']),
    regions,
  }),
]);

/** Why the client sees the number (shared/caller-id CallerIdReason). */
export const callerIdReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), skipped: callerIdWhySchema.optional() }),
  z.object({ kind: z.literal('employee-choice') }),
  z.object({ kind: z.literal('familiar'), at: z.number() }),
  z.object({ kind: z.literal('regional'), region: z.string() }),
  z.object({ kind: z.literal('random'), of: z.number().optional() }),
  z.object({ kind: z.literal('random-regional'), region: z.string(), of: z.number().optional() }),
  z.object({ kind: z.literal('default-fallback'), because: z.array(callerIdWhySchema) }),
  z.object({
    kind: z.literal('regional-fallback'),
    region: z.string(),
    because: z.array(callerIdWhySchema),
  }),
  z.object({
    kind: z.literal('random-fallback'),
    of: z.number(),
    because: z.array(callerIdWhySchema),
  }),
]);

export const callerIdRefusalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('no-enabled') }),
  z.object({ kind: z.literal('rules-leave-none'), regions }),
]);

export const callerIdCheckResultSchema = z.object({
  /** The client's number in E.164 and its regions (empty: unknown or nationwide). */
  client: z.object({ number: z.string(), regions: z.array(z.string()) }),
  /** The number the client would see, or null when the call would be refused. */
  number: z.string().nullable(),
  /** Why, as data, for the Admin tab to word in the admin's language; null when refused. */
  reason: callerIdReasonSchema.nullable(),
  /** Why the call would be refused; null when it would not. */
  refusal: callerIdRefusalSchema.nullable(),
  /** Why, in one line of English, as call records keep it ("familiar: last answered call on 2026-11-20"). */
  explanation: z.string(),
});
export type CallerIdCheckResult = z.infer<typeof callerIdCheckResultSchema>;
