import { z } from 'zod';
import { sipNumberSchema, timestampSchema } from './common';

export const adminSignInSchema = z.object({
  email: z.string({ error: 'e-mail is required' }).trim().min(1, 'e-mail is required').max(254),
  password: z.string({ error: 'password is required' }).min(1, 'password is required').max(256),
});
export type AdminSignIn = z.infer<typeof adminSignInSchema>;

export const employeeSignInSchema = z.object({
  sipNumber: sipNumberSchema,
  password: z.string({ error: 'password is required' }).min(1, 'password is required').max(256),
});
export type EmployeeSignIn = z.infer<typeof employeeSignInSchema>;

export const sessionSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('admin'),
    token: z.string(),
    expiresAt: timestampSchema,
    admin: z.object({ id: z.number(), email: z.string() }),
    company: z.object({ id: z.number(), name: z.string() }),
  }),
  z.object({
    role: z.literal('employee'),
    token: z.string(),
    expiresAt: timestampSchema,
    employee: z.object({ id: z.number(), name: z.string(), sipNumber: sipNumberSchema }),
    company: z.object({ id: z.number(), name: z.string() }),
  }),
]);
export type Session = z.infer<typeof sessionSchema>;
/** What `GET /api/v1/auth/session` answers: the session without its token. */
export const sessionInfoSchema = z.discriminatedUnion('role', [
  sessionSchema.options[0].omit({ token: true }),
  sessionSchema.options[1].omit({ token: true }),
]);
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/** "Forgot password" on the admin sign-in: whether this PBX can mail a reset code. */
export const adminRecoverySchema = z.object({ byEmail: z.boolean() });
export type AdminRecovery = z.infer<typeof adminRecoverySchema>;

export const adminForgotSchema = z.object({
  email: z.string({ error: 'e-mail is required' }).trim().min(1, 'e-mail is required').max(254),
});
export type AdminForgot = z.infer<typeof adminForgotSchema>;

export const adminResetSchema = z.object({
  code: z.string({ error: 'code is required' }).trim().min(1, 'code is required').max(200),
  password: z.string({ error: 'password is required' }).min(1, 'password is required').max(256),
});
export type AdminReset = z.infer<typeof adminResetSchema>;
