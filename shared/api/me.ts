import { z } from 'zod';
import { callerIdModeSchema, absenceSchema } from './admin';
import {
  e164Schema,
  pageQuerySchema,
  searchQuerySchema,
  sipNumberSchema,
  timestampSchema,
} from './common';

/** The employee's SIP number as it affects them (the softphone's My number card). */
export const myNumberSchema = z.object({
  employee: z.object({ id: z.number(), name: z.string() }),
  sipNumber: sipNumberSchema,
  enabled: z.boolean(),
  multiTerminal: z.boolean(),
  channels: z.number(),
  callerId: z.object({
    mode: callerIdModeSchema,
    fixedNumber: z.string().nullable(),
    /** Whether the employee may choose (fixed mode, when the admin allows it). */
    mayChoose: z.boolean(),
    /** The company numbers the employee may choose from. */
    choices: z.array(z.string()),
    /** The region of each choice (null: none known), so the softphone can say where it is. */
    choiceRegions: z.record(z.string(), z.string().nullable()),
    /** The employee's own choice, stored on the server for all their devices. */
    chosen: z.string().nullable(),
  }),
  /** The absence period in force now, if any. */
  absence: absenceSchema.nullable(),
});
export type MyNumber = z.infer<typeof myNumberSchema>;

export const callerIdChoiceSchema = z.object({
  /** Null goes back to the number the admin set. */
  number: e164Schema.nullable(),
});
export type CallerIdChoice = z.input<typeof callerIdChoiceSchema>;

/** What a colleague is doing now, as the PBX sees it (issue 23 item 3); who can take a call first. */
export const colleagueStateSchema = z.enum([
  'free',
  'ringing',
  'on-call',
  'on-hold',
  'dnd',
  'absent',
  'offline',
]);
export type ColleagueState = z.infer<typeof colleagueStateSchema>;

/** A colleague's state, with the end of their absence when they are `absent`. */
export const colleaguePresenceSchema = z.object({
  state: colleagueStateSchema,
  until: timestampSchema.optional(),
});
export type ColleaguePresence = z.infer<typeof colleaguePresenceSchema>;

export const colleagueSchema = colleaguePresenceSchema.extend({
  id: z.number(),
  name: z.string(),
  sipNumber: sipNumberSchema,
  /** At least one device registered right now (kept for older softphones). */
  registered: z.boolean(),
});
export type Colleague = z.infer<typeof colleagueSchema>;
export const colleagueQuerySchema = searchQuerySchema;
export const colleagueListSchema = z.array(colleagueSchema);

export const callRecordViewSchema = z.object({
  id: z.number(),
  direction: z.enum(['incoming', 'outgoing']),
  /** The other party's number and name as they were. */
  peerNumber: z.string(),
  peerName: z.string().nullable(),
  startedAt: timestampSchema,
  answeredAt: timestampSchema.nullable(),
  endedAt: timestampSchema.nullable(),
  result: z.enum(['answered', 'busy', 'no-answer', 'cancelled', 'declined', 'failed']).nullable(),
  /** The colleague who transferred the call here, when it was transferred. */
  transferredBy: z.string().nullable(),
});
export type CallRecordView = z.infer<typeof callRecordViewSchema>;
export const callListQuerySchema = pageQuerySchema.pick({ limit: true });
export const callListSchema = z.array(callRecordViewSchema);

/**
 * This device turns do-not-disturb on or off (issue 23 item 3): the device is the one signed in
 * on the employee's number with this `+sip.instance` (RFC 5626), and its DND ends with it.
 */
export const doNotDisturbSchema = z.object({
  instance: z
    .string({ error: 'instance is required' })
    .trim()
    .min(1, 'instance is required')
    .max(200, 'instance is at most 200 characters'),
  on: z.boolean({ error: 'on must be true or false' }),
});
export type DoNotDisturbReport = z.infer<typeof doNotDisturbSchema>;

/** "Drop" of one's own device; `takeOver`: for "Use here instead", the device is told so. */
export const dropQuerySchema = z.object({
  takeOver: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});
export type DropQuery = z.input<typeof dropQuerySchema>;
