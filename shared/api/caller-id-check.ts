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

export const callerIdCheckResultSchema = z.object({
  /** The client's number in E.164 and its regions (empty: unknown or nationwide). */
  client: z.object({ number: z.string(), regions: z.array(z.string()) }),
  /** The number the client would see, or null when the call would be refused. */
  number: z.string().nullable(),
  /** Why, in one line ("familiar: last answered call on 2026-11-20"). */
  explanation: z.string(),
});
export type CallerIdCheckResult = z.infer<typeof callerIdCheckResultSchema>;
