import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminForgotSchema, adminRecoverySchema, adminResetSchema } from '../../shared/api';
import { issueResetCode, redeemResetCode } from '../directory';
import { adminResetCodeMessage } from '../mail';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';

/** One reset e-mail per admin in this long, whoever asks how often. */
const MAIL_INTERVAL_MS = 5 * 60_000;
const MAX_REMEMBERED = 10_000;
const ON_ITS_WAY = 'if an admin with this e-mail exists, a reset code is on its way';

/**
 * "Forgot password" on the admin sign-in (issue 23 item 8): a one-time code by e-mail, then a
 * new password with it. The answer never tells whether the e-mail belongs to an admin.
 */
export function recoveryRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const now = deps.now ?? Date.now;
  const lastMailed = new Map<string, number>();

  const mailCode = async (email: string) => {
    const issued = await issueResetCode(deps.store, email, now());
    if (!issued) return;
    const message = adminResetCodeMessage({ ...issued, publicUrl: deps.publicUrl });
    await deps.mailer.send({ to: issued.email, ...message });
  };

  return async (app) => {
    app.get(
      '/auth/admin/recovery',
      { schema: { tags: ['auth'], response: { 200: adminRecoverySchema } } },
      async () => ({ byEmail: deps.mailer.configured }),
    );

    app.post(
      '/auth/admin/forgot',
      {
        schema: {
          tags: ['auth'],
          body: adminForgotSchema,
          response: { 202: z.object({ message: z.string() }) },
        },
      },
      async (request, reply) => {
        if (!deps.mailer.configured) {
          throw ApiError.unavailable(
            'this PBX sends no e-mail: ask its operator to run `npm run pbx -- admin reset-password EMAIL`',
            3600,
          );
        }
        const email = request.body.email.toLowerCase();
        const last = lastMailed.get(email);
        if (last === undefined || now() - last >= MAIL_INTERVAL_MS) {
          lastMailed.delete(email);
          lastMailed.set(email, now());
          if (lastMailed.size > MAX_REMEMBERED) lastMailed.delete(lastMailed.keys().next().value!);
          // Answered before the mail goes: the time taken tells nothing about the account.
          void mailCode(email).catch((error: unknown) =>
            deps.log.warn({ err: (error as Error).message }, 'password reset mail failed'),
          );
        }
        return reply.code(202).send({ message: ON_ITS_WAY });
      },
    );

    app.post(
      '/auth/admin/reset',
      {
        schema: {
          tags: ['auth'],
          body: adminResetSchema,
          response: { 200: z.object({ email: z.string() }) },
        },
      },
      async (request) =>
        redeemResetCode(deps.store, request.body.code, request.body.password, now()),
    );
  };
}
