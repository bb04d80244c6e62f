import { z } from 'zod';
import { colleagueStateSchema } from './me';

/** The path of the live-updates WebSocket; the client's first message is `{ token }`. */
export const EVENTS_PATH = '/api/v1/events';

/**
 * What the live-updates socket announces. Events are hints: the client re-reads what changed.
 * Admin sessions get all their company's events; employee sessions get `sip-number-changed`
 * and `absences-changed` about themselves only, and the company-wide ones (colleagues'
 * `devices-changed` and `presence-changed` for presence, `employees-changed`, `company-numbers-changed` for caller-ID
 * choices).
 */
export const apiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('sip-number-changed'),
    employeeId: z.number(),
    sipNumber: z.string(),
  }),
  z.object({ type: z.literal('devices-changed'), employeeId: z.number(), sipNumber: z.string() }),
  z.object({ type: z.literal('employees-changed') }),
  /** A colleague's state changed (a call rang, was answered, held or ended): no re-read needed. */
  z.object({
    type: z.literal('presence-changed'),
    sipNumber: z.string(),
    state: colleagueStateSchema,
    until: z.string().optional(),
  }),
  z.object({ type: z.literal('absences-changed'), employeeId: z.number() }),
  z.object({ type: z.literal('company-numbers-changed') }),
]);
export type ApiEvent = z.infer<typeof apiEventSchema>;

export const eventsHelloSchema = z.object({ token: z.string().min(1).max(200) });

/** Close codes of the events socket. */
export const EVENTS_CLOSE = { unauthorized: 4001, badHello: 4002 } as const;
