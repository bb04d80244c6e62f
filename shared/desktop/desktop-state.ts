import { z } from 'zod';

/** The UI languages; main uses them for the tray menu and notification buttons. */
export const uiLanguageSchema = z.enum(['en', 'ru']);
export type UiLanguage = z.infer<typeof uiLanguageSchema>;

/** What the tray shows: whether the phone is registered and whether do-not-disturb is on. */
export const desktopStatusSchema = z.strictObject({
  registration: z.enum(['registered', 'unregistered']),
  doNotDisturb: z.boolean(),
});
export type DesktopStatus = z.infer<typeof desktopStatusSchema>;

/** Settings main keeps in its own file, since it needs them before the renderer runs. */
export const desktopPreferencesSchema = z.strictObject({
  /** Closing the window hides it to the tray and the phone keeps ringing. */
  closeToTray: z.boolean(),
});
export type DesktopPreferences = z.infer<typeof desktopPreferencesSchema>;

/** The preferences before the user changed any. */
export const DEFAULT_DESKTOP_PREFERENCES: DesktopPreferences = { closeToTray: true };

/** A change to some of the preferences. */
export const desktopPreferencesChangeSchema = desktopPreferencesSchema.partial();
