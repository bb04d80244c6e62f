import { z } from 'zod';

/**
 * A device credential's digest user name: the SIP number, a dot, and 20 hex digits naming the
 * device (issue 23 item 6; docs/architecture.md, Authentication).
 */
export const DEVICE_USERNAME_PATTERN = /^(0\d{6})\.([0-9a-f]{20})$/;

export const deviceUsernameSchema = z
  .string({ error: 'username is required' })
  .regex(DEVICE_USERNAME_PATTERN, 'a device user name is the SIP number, a dot and 20 hex digits');

const deviceSecretSchema = z
  .string({ error: 'secret is required' })
  .min(1, 'secret is required')
  .max(256);

/** `POST /me/device-credential`: the `+sip.instance` UUID of the device that will register. */
export const deviceCredentialRequestSchema = z.object({
  instance: z.uuid({ error: 'instance must be the device instance UUID' }),
});
export type DeviceCredentialRequest = z.infer<typeof deviceCredentialRequestSchema>;

/** What the device keeps in place of the password: shown once, only its HA1 is stored. */
export const deviceCredentialSchema = z.object({
  username: deviceUsernameSchema,
  secret: z.string(),
});
export type DeviceCredentialIssued = z.infer<typeof deviceCredentialSchema>;

/** `POST /auth/device` (an API session) and `POST /auth/device/revoke` (sign out). */
export const deviceSignInSchema = z.object({
  username: deviceUsernameSchema,
  secret: deviceSecretSchema,
});
export type DeviceSignIn = z.infer<typeof deviceSignInSchema>;
