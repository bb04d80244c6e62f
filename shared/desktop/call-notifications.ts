import { z } from 'zod';
import { withoutUnsafeCharacters } from './unsafe-text';

/** Notification text as the renderer wrote it, trimmed to a size and cleaned of control codes. */
const notificationText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((text) => withoutUnsafeCharacters(text).trim());

/** A call's id in the renderer's session registry: opaque, short, printable. */
const callIdSchema = z.string().regex(/^[\w.:@-]{1,128}$/);

/**
 * What the renderer tells main about a call, for the system notification: it rings
 * (`incoming`), it stopped ringing here (`stopped`: answered, declined, taken elsewhere), or
 * it was missed. Titles and bodies arrive already in the UI language.
 */
export const callEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('incoming'),
    callId: callIdSchema,
    title: notificationText(200),
    body: notificationText(500),
  }),
  z.strictObject({ type: z.literal('stopped'), callId: callIdSchema }),
  z.strictObject({
    type: z.literal('missed'),
    callId: callIdSchema,
    title: notificationText(200),
    body: notificationText(500),
  }),
]);
export type CallEvent = z.output<typeof callEventSchema>;

/** What the user chose on a call's notification: answer, decline, or just look at it. */
export type CallActionKind = 'answer' | 'decline' | 'show';

/** Main → renderer: the action taken on the notification of call `callId`. */
export interface CallAction {
  callId: string;
  action: CallActionKind;
}
